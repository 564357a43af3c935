"""This machine's cache of what the chapters derive: every exhibit and verdict a chapter shows, kept
with the files it wrote and the outputs a reader sees, so a chapter executed again on the same
inputs with the same code reads them instead of deriving them again (jupyter-cache's idea, at the
level of one exhibit).

An entry's key is the sha256 of everything its result depends on
(:meth:`DerivedCache.key`): the atoplib code (:func:`atoplib.paths.code_fingerprint`), the versions
of the packages that compute and draw (pandas, numpy, matplotlib, seaborn, lifelines, statsmodels,
IPython), the release's files and the COW and base-release files (by sha256), the years and the
chapter's own knobs, and what is shown (the verb and its arguments). An entry holds the display
outputs exactly as IPython formatted them (``text/plain``, ``text/html``, ``image/png``, ... and
their metadata) and the bytes of every file the verb wrote, so a reused result is byte for byte the
computed one. It is written atomically into ``<cache>/derived/`` (never into a report) and is
checked (its record's sha256) before use; a damaged entry is derived again.

``ATOP_REUSE_DERIVED=0`` (and every ``atopnb report --force``, ``make replicate``) turns reuse off:
every result is derived from the data again (and kept, for the next run).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from .. import paths, settings
from ..files import atomic_write, sha256_of

#: The packages whose versions change what a chapter computes or draws.
PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "lifelines", "statsmodels", "ipython", "networkx")
FOLDER = "derived"
RECORD = "entry.json"


def _versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _files_digest(path: Path | None) -> str | None:
    if path is None or not path.exists():
        return None
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return _digest([(p.name, sha256_of(p)) for p in files])


def format_outputs(obj: Any) -> tuple[dict, dict]:
    """What IPython shows for ``obj``: its mime bundle and metadata, formatted as the running kernel
    formats them (a default formatter outside a kernel)."""
    from IPython import get_ipython
    from IPython.core.formatters import DisplayFormatter

    shell = get_ipython()
    formatter = shell.display_formatter if shell is not None else DisplayFormatter()
    data, meta = formatter.format(obj)
    return data, meta


class Shown:
    """A result read back from the cache: it displays exactly the outputs that were stored."""

    def __init__(self, data: dict, meta: dict):
        self.data, self.meta = data, meta

    def _repr_mimebundle_(self, include=None, exclude=None):
        return dict(self.data), dict(self.meta)

    def __repr__(self) -> str:
        return self.data.get("text/plain", "")


class DerivedCache:
    """The cache folder of this machine (``settings.current().cache_dir / "derived"``)."""

    def __init__(self, root: Path | None = None):
        chosen = settings.current()
        self.root = (root or chosen.cache_dir) / FOLDER
        self.reuse = chosen.reuse_derived  # a forced run derives everything again, and keeps what it derived

    def key(self, context: dict, *what: Any) -> str:
        """The entry's key: the code, the packages, ``context`` (inputs, years, knobs) and ``what``."""
        return _digest({"code": paths.code_fingerprint(), "packages": _versions(), "context": context,
                        "what": list(what)})

    def _folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def load(self, key: str, files_to: Path | None) -> Shown | None:
        """The stored result (its files copied into ``files_to``), or None when there is none or it
        is damaged (then it is derived again)."""
        if not self.reuse:
            return None
        folder = self._folder(key)
        record_path = folder / RECORD
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            for name, digest in record["files"].items():
                if sha256_of(folder / name) != digest:
                    return None
        except (OSError, ValueError, KeyError):
            return None
        if files_to is not None:
            for name in record["files"]:
                data = (folder / name).read_bytes()
                atomic_write(files_to / name, lambda p, data=data: p.write_bytes(data), make_parents=True)
        data = {mime: (base64.b64decode(v) if mime in record.get("binary", []) else v)
                for mime, v in record["data"].items()}
        return Shown(data, record["meta"])

    def store(self, key: str, obj: Any, files: list[Path]) -> None:
        """Keep ``obj``'s outputs and ``files``' bytes under ``key`` (atomically; a failure to write
        the cache never fails the chapter)."""
        try:
            data, meta = format_outputs(obj)
            binary = []
            stored = {}
            for mime, value in data.items():
                if isinstance(value, bytes):  # an image, as the formatter gives it
                    binary.append(mime)
                    value = base64.b64encode(value).decode("ascii")
                stored[mime] = value
            folder = self._folder(key)
            staging = folder.with_name(folder.name + ".partial")
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir(parents=True)
            for path in files:
                shutil.copyfile(path, staging / path.name)
            record = {"data": stored, "binary": binary, "meta": meta,
                      "files": {p.name: sha256_of(staging / p.name) for p in files}}
            (staging / RECORD).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            staging.rename(folder)
        except OSError:
            return


def context_fingerprint(ctx) -> dict:
    """What every result of a chapter depends on besides the code: the release's files, the COW
    files and the base release the settings name, the years and the chapter's knobs."""
    def compute() -> dict:
        chosen = settings.current()
        return {"release": sorted(ctx.data.release.checksums.items()) or _files_digest(Path(str(ctx.data.release.source))),
                "version": ctx.version,
                "cow": {kind: _files_digest(chosen.cow_file(kind)) for kind in ("states", "nmc", "majors")},
                "base": _files_digest(chosen.base_data_dir),
                "years": [ctx.start_year, ctx.end_year], "options": ctx.options}
    return ctx.cached("derived:context", compute)


def reuse_or_derive(ctx, what: tuple, derive: Callable[[], tuple[Any, list[Path]]], files_to: Path | None) -> Any:
    """The result of ``derive()`` -- a display object and the files it wrote -- reused from this
    machine's cache when an entry for ``what`` on these inputs and this code exists."""
    cache = ctx.cached("derived:cache", DerivedCache)
    key = cache.key(context_fingerprint(ctx), *what)
    found = cache.load(key, files_to)
    if found is not None:
        return found
    obj, files = derive()
    cache.store(key, obj, files)
    return obj
