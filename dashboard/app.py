"""Calculus Lab: the router. Run from the repository root: ``streamlit run dashboard/app.py``."""

import streamlit as st

from calc_core import compile_cache
from dashboard.classroom import teacher
from dashboard.kit import chrome, guard, links
from dashboard.registry import GROUPS, HOME
from dashboard.server import warmup

compile_cache.enable()
warmup.start()  # once per server process: every page compiles in the background (see dashboard/server/warmup.py)
st.set_page_config(page_title="Calculus Lab", page_icon=":material/functions:", layout="wide")


def as_st_page(spec, default=False):
    return st.Page(spec.file, title=spec.title, icon=f":material/{spec.icon}:", url_path=spec.slug,
                   default=default)


navigation = st.navigation(  # expanded: every page is visible in the sidebar
    {"Calculus Lab": [as_st_page(HOME, default=True)]}
    | {group: [as_st_page(spec) for spec in specs] for group, specs in GROUPS.items()},
    expanded=True,
)
if links.follow_renamed_link():  # a link saved before a key was renamed (kit.state.RENAMED): rerun this page
    st.rerun()
slug = navigation.url_path or "home"
chrome.sidebar_chrome(slug)
with st.sidebar:  # the teacher's tools, then which replica serves this page (behind nginx)
    teacher.join_button(slug)
    teacher.lesson_sidebar(slug)
    chrome.replica_footer()
link = links.link_snapshot()
teacher.lesson_banner(slug)
link_notice = st.empty()  # above the page: what of a shared link the page could not use
# an error keeps the app and its sidebar alive
guard.guarded(f"the page “{navigation.title}”")(navigation.run)()
links.report_link(link, link_notice)
