"""The release to compare with (the *base*, ATOP 4.01 by default), for notebook 07."""

from __future__ import annotations

import os
from pathlib import Path

from .. import settings
from ..errors import DataNotFoundError, DownloadError
from .checks import checked
from .download import download_release
from .names import normalize_version
from .registry import download_url
from .releases import _scan
from .tables import AtopData, load_atop

# --------------------------------------------------------------------------- two releases at once

#: Where the release to compare with is found when no folder is passed (see :func:`load_base`).
BASE_DATA_DIR_ENV = settings.PATH_VARIABLES["base_data_dir"]
DEFAULT_BASE_VERSION = "4.01"


def cached_versions(exclude: tuple[str, ...] = ()) -> list[str]:
    """ATOP releases already in the download cache (``<cache>/atop-<version>/``), oldest first."""
    folder = settings.current().cache_dir
    found = []
    for child in folder.glob("atop-*") if folder.is_dir() else ():
        version = child.name.removeprefix("atop-")
        if child.is_dir() and version not in exclude and any(child.iterdir()):
            try:
                found.append(normalize_version(version))
            except Exception:  # a folder that merely looks like one
                continue
    return sorted(found, key=lambda v: [int(x) for x in v.split(".")])


def base_hint(version: str | None, new_version: str | None = None) -> str:
    """How to supply a base release, offering a cached release when there is one."""
    hint = (f"pass base_data_dir (papermill -p base_data_dir DIR) or set {BASE_DATA_DIR_ENV} to the folder "
            f"or zip of ATOP {version or 'the base release'}")
    others = cached_versions(exclude=tuple(v for v in (version, new_version) if v))
    if others:
        hint += (f"; ATOP {', '.join(others)} {'is' if len(others) == 1 else 'are'} in the cache: "
                 f"pass base_version={others[-1]} (-p base_version {others[-1]}) to compare with it")
    return hint


@checked
def load_base(
    base_version: str | None = DEFAULT_BASE_VERSION,
    base_data_dir: str | os.PathLike | None = None,
    new: AtopData | None = None,
    missing_ok: bool = False,
    verify: bool | None = None,
) -> AtopData | None:
    """Load the release to compare *with* (the base), looking in this order:

    1. ``base_data_dir`` (a folder or zip, as for any release);
    2. the environment variable ``ATOP_BASE_DATA_DIR``;
    3. the folder the new release came from, if it holds ``base_version`` too (e.g.
       ``ATOP_DATA_DIR`` pointing at a folder with ``ATOP 4.01 (.csv)/`` and ``ATOP 5.1 (.csv)/``);
    4. the download cache (``<cache>/atop-<version>/``, the user cache or ``ATOP_CACHE_DIR``) or the
       official download, where one is known.

    Not found: :class:`DataNotFoundError` naming the ways to pass it, or ``None`` with
    ``missing_ok=True`` (the notebook then says so and shows the new release alone).
    """
    version = normalize_version(base_version) if base_version else None
    hint = base_hint(version, new.version if new is not None else None)
    try:
        chosen = base_data_dir or settings.current().base_data_dir
        if chosen:
            return load_atop(chosen, version, verify=verify)
        if new is not None and version is not None:
            source = Path(new.release.source)
            try:
                return load_atop(source, version, verify=verify)
            except DataNotFoundError:
                pass
        if version is not None:
            cached = settings.current().cache_dir / f"atop-{version}"
            if cached.is_dir() and version in _scan(cached):  # checked, made again if damaged
                return load_atop(download_release(version), version, verify=verify)
            if cached.is_dir() and any(cached.iterdir()):  # a zip placed there
                return load_atop(cached, version, verify=verify)
            if download_url(version):
                return load_atop(download_release(version), version, verify=verify)
        raise DataNotFoundError(f"no ATOP {version or 'base'} release found to compare with; {hint}")
    except (DataNotFoundError, DownloadError) as err:
        if missing_ok:
            return None
        if hint in str(err):
            raise
        raise DataNotFoundError(f"{err} (base release: {hint})") from None
