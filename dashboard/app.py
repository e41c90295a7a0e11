"""Calculus Lab: the router. Run from the repository root: ``streamlit run dashboard/app.py``."""

import streamlit as st

from dashboard import compile_cache, ui
from dashboard.registry import GROUPS, HOME

compile_cache.enable()
st.set_page_config(page_title="Calculus Lab", page_icon=":material/functions:", layout="wide")


def as_st_page(spec, default=False):
    return st.Page(spec.file, title=spec.title, icon=f":material/{spec.icon}:", url_path=spec.slug,
                   default=default)


navigation = st.navigation(  # expanded: every page is visible in the sidebar
    {"Calculus Lab": [as_st_page(HOME, default=True)]}
    | {group: [as_st_page(spec) for spec in specs] for group, specs in GROUPS.items()},
    expanded=True,
)
ui.sidebar_chrome(navigation.url_path or "home")
navigation.run()
