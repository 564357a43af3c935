"""nbval runs these notebooks in place: keep their figures out of reports/ (the canonical report).

When ATOP_OUTPUT_DIR is not set, point it at a temporary folder before any kernel starts; the
kernels inherit it, so `notebook_context` writes figures there instead of reports/atop-<version>/.
"""

import os
import tempfile


def pytest_configure(config):
    if not os.environ.get("ATOP_OUTPUT_DIR"):
        os.environ["ATOP_OUTPUT_DIR"] = tempfile.mkdtemp(prefix="atop-nbval-")
