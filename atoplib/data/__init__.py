"""Where ATOP and COW files come from, and what they look like once loaded.

``releases`` finds a release in a folder or zip (one folder, one format) and reads its version
from the file names; ``registry`` holds the pinned checksums; ``archives`` unpacks zips safely;
``download`` fetches the official release; ``cache`` verifies every cached file before reuse;
``schema`` reads and checks a table; ``consistency`` holds the release's files to one another;
``tables`` builds :class:`AtopData`; ``checks`` checks what public functions are handed;
``base`` finds the release to compare with; ``cow`` reads the COW files and adds state names;
``cow_files`` finds or downloads them; ``variables`` says what each alliance-level column and its
codes mean (the codebook's words).
"""

from .archives import unpack_zip
from .base import load_base
from .cow import SOVIET_YEARS, US, USSR, add_state_names, load_majors, load_nmc, load_states, state_labels
from .cow_files import cow_file
from .download import download_release
from .registry import pinned_hashes, verify_file
from .names import normalize_version
from .releases import Release
from .locate import locate_release
from .tables import AtopData, load_atop, load_release

__all__ = [
    "AtopData", "Release", "SOVIET_YEARS", "US", "USSR", "add_state_names", "cow_file", "download_release",
    "load_atop", "load_base", "load_majors", "load_nmc", "load_release", "load_states", "locate_release",
    "normalize_version", "pinned_hashes", "state_labels", "unpack_zip", "verify_file",
]
