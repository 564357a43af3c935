"""The report build: the collection's notebooks executed into one report per release.

``params`` (which notebooks form the collection and what each declares), ``preflight`` (every
input found or refused before a notebook runs), ``execute`` (notebooks in kernels), ``builds``
(build folders, the atomic swap), ``incremental`` (what a re-run can reuse), ``manifest`` (what a
report records), ``run`` (the whole collection), ``site`` and ``site_pages`` (the report's website).
"""

from .params import check_parameters, collection_notebooks, notebook_parameters
from .run import refresh_notebooks, run_collection, run_empty_collection

__all__ = ["check_parameters", "collection_notebooks", "notebook_parameters", "refresh_notebooks",
           "run_collection", "run_empty_collection"]
