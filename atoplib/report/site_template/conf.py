# Sphinx configuration of the report website (written by atoplib.report.site; do not edit the
# copy in a staging folder). The notebooks are already executed: nothing runs at build time.
project = $project
author = "atop-notebooks"
copyright = $copyright
html_title = $title

extensions = ["myst_nb"]
nb_execution_mode = "off"          # render the executed notebooks as they are
nb_merge_streams = True            # one block per cell for printed output
nb_ipywidgets_js = {}              # no widget loader (it would come from a CDN)
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
smartquotes = False                # the texts as written: the memo's quotes, commands such as --force
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
master_doc = "index"

html_theme = "sphinx_book_theme"
html_theme_options = {
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "navigation_with_keys": False,
    # the landing page uses the whole width for the claims table; chapters list their sections
    "secondary_sidebar_items": {"**": ["page-toc"], "index": []},
}
html_context = {"default_mode": "light"}  # the figures are drawn on white
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_extra_path = ["_extra"]        # the report's figures/ (PNG, SVG, CSV) copied as they are
html_copy_source = False            # never publish the notebooks' JSON (it holds run metadata)
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_permalinks = True
