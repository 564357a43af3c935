"""Finding a release: a folder, the official zip, the cache or the download.

Resolution order when no folder is given: ``ATOP_DATA_DIR``, then the download cache
(``atop-<version>/`` under the cache folder), then the official download (5.1; through pooch).
"""

from __future__ import annotations

import os
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

from .. import settings
from ..errors import AtopWarning, ChecksumError, DataNotFoundError, ParameterError
from ..files import path_kind
from .archives import _ensure_unpacked
from .download import _holds_release, cache_damage, download_release
from .names import DEFAULT_VERSION, FILE_PATTERN, is_nna, normalize_version, version_from_filename
from .registry import pinned_hashes, registry, sha256_of, verification_enabled, verify_files
from .releases import Release, _release_from_folder, _scan


def locate_release(
    data_dir: str | os.PathLike | None = None,
    version: str | None = None,
    verify: bool | None = None,
    download: bool = True,
) -> Release:
    """Find (and if need be unpack or download) an ATOP release and verify its files.

    ``data_dir`` may be a folder (searched recursively, so the official zip's inner folder such as
    ``ATOP 5.1 (.csv)/`` is found), the official zip, or one of the release's files. Without it,
    ``ATOP_DATA_DIR`` is used, then the cache in ``data/raw/``, then the official download.
    """
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise ParameterError(
            f"data_dir must be a path (text or pathlib.Path) to the folder or zip of an ATOP release, "
            f"not {type(data_dir).__name__} {data_dir!r}"
        )
    if data_dir is None or str(data_dir).strip() == "":
        data_dir = settings.current().data_dir
    if data_dir is None:
        wanted = normalize_version(version or DEFAULT_VERSION)
        cached = settings.current().cache_dir / f"atop-{wanted}"
        if cached.is_dir() and wanted in _scan(cached):
            damaged = None if download else cache_damage(cached, wanted)
            if damaged is not None:
                raise DataNotFoundError(f"the cached release {cached} is damaged ({damaged}) and downloads are off; "
                                        f"set ATOP_DATA_DIR to the release's folder or zip")
            cached = download_release(wanted)  # the cached release, checked (made again if damaged)
        elif not _holds_release(cached, wanted):
            if not download:
                raise DataNotFoundError(
                    f"no ATOP {wanted} data found: set ATOP_DATA_DIR to the release's folder or zip "
                    f"(or place the zip in {cached})"
                )
            cached = download_release(wanted)
        release = _release_from_folder(cached, wanted, str(cached))
    else:
        path = Path(data_dir).expanduser()
        if path.is_symlink() and not path.exists():
            raise DataNotFoundError(
                f"ATOP data folder {path} is a broken symbolic link: it points at {os.readlink(path)}, which does not "
                f"exist; fix the link, or set ATOP_DATA_DIR (or --data-dir / data_dir) to the folder or zip of an "
                f"ATOP release"
            )
        if not path.exists():
            raise DataNotFoundError(
                f"ATOP data folder {path} does not exist; set ATOP_DATA_DIR (or --data-dir / data_dir) "
                f"to the folder or zip of an ATOP release"
            )
        if not path.is_file() and not path.is_dir():
            raise DataNotFoundError(
                f"ATOP data folder {path} is {path_kind(path)}, not a folder, a zip or an ATOP data file; "
                f"set ATOP_DATA_DIR (or --data-dir / data_dir) to the folder or zip of an ATOP release"
            )
        if path.is_file():
            if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
                release = _release_from_folder(_ensure_unpacked(path), version, str(path))
            elif FILE_PATTERN.match(path.name):
                release = _release_from_folder(path.parent, version or version_from_filename(path.name), str(path.parent))
            elif is_nna(path):
                raise DataNotFoundError(
                    f"{path} is one of ATOP's NNA files (without non-aggression-only pacts), not part of the release "
                    f"the collection reads; point ATOP_DATA_DIR at the release folder that holds atopX_Ya.csv and "
                    f"atopX_Ym.csv{_above(path)}"
                )
            else:
                raise DataNotFoundError(
                    f"{path} is neither a folder, a zip, nor an ATOP data file; point ATOP_DATA_DIR at "
                    f"the release's folder or zip"
                )
        elif not any(path.iterdir()):
            raise DataNotFoundError(
                f"ATOP data folder {path} is empty; put the release's files (or its zip) there"
            )
        else:
            release = _release_from_folder(path, version, str(path))
    try:
        digests = verify_files([p for _, p in sorted(release.files.items())], release.version, verify=verify)
    except ChecksumError:
        _explain_other_release(release)
        raise
    checksums = {kind: digests[p] for kind, p in sorted(release.files.items())}
    pinned = pinned_hashes(release.version)
    verified = verification_enabled(verify) and all(p.name.lower() in pinned for p in release.files.values())
    if not verification_enabled(verify):
        _warn_unverified(release, checksums, pinned)
    return replace(release, checksums=checksums, verified=verified, verification_on=verification_enabled(verify))


def _above(path: Path) -> str:
    """`` (<folder>)``: the nearest folder above an NNA file that holds a release, or nothing."""
    for folder in list(path.parents)[:3]:
        if folder.name.lower() == "nna":
            continue
        if _scan(folder):
            return f" ({folder})"
    return ""


def _explain_other_release(release: Release) -> None:
    """A file whose sha256 is pinned for another release (or another file): say which, instead of
    'edited or re-saved'."""
    for kind, path in sorted(release.files.items()):
        digest = sha256_of(path)
        match = next((p for p in registry() if p.sha256 == digest), None)
        if match is not None and (match.version, match.file.lower()) != (release.version, path.name.lower()):
            raise ChecksumError(
                f"{path} is the official {match.dataset.upper()} {match.version} file {match.file} (its sha256 "
                f"is pinned for that release), not ATOP {release.version}'s {path.name}: it was copied or "
                f"renamed from the other release; put the ATOP {release.version} file here, or point at the "
                f"{match.version} folder"
            )


_told_unverified: set[tuple] = set()


def _warn_unverified(release: Release, checksums: dict[str, str], pinned: dict[str, str]) -> None:
    """With verification off, every run says so once (stderr on the command line, a line in a
    notebook), naming the files that differ from the pinned release."""
    key = (release.version, tuple(sorted(checksums.values())))
    if key in _told_unverified:
        return
    _told_unverified.add(key)
    differ = [p.name for k, p in sorted(release.files.items())
              if p.name.lower() in pinned and pinned[p.name.lower()] != checksums.get(k)]
    if differ:
        state = f"{', '.join(differ)} {'differs' if len(differ) == 1 else 'differ'} from the pinned file"
    elif pinned:
        state = "they match the pinned files"
    else:
        state = "none is pinned"
    warnings.warn(
        f"checksum verification is off (ATOP_VERIFY=0): the files of ATOP {release.version} are used as "
        f"they are ({state}); unset ATOP_VERIFY to verify them", AtopWarning, stacklevel=3)
