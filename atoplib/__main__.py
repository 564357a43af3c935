"""``python -m atoplib``: the same as the ``atopnb`` command (see :mod:`atoplib.cli`)."""

import sys

from .cli import main

sys.exit(main())
