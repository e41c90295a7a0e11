"""The teacher's sidebar tools: join by QR code, add this view to the lesson, step through a lesson.

The lesson lives in ``st.session_state`` under plain (non-widget) keys, so it survives page switches;
each step opens its page with the link's saved values through ``st.switch_page(query_params=…)``.
PageDown / PageUp step through it, which is what a presentation clicker sends.
"""

from __future__ import annotations

import streamlit as st

from dashboard import registry
from dashboard.classroom import lessons, share
from dashboard.kit import links, markup, state

LESSON = "lesson"  # session key: the current lessons.Lesson
STEP = "lesson_step"  # session key: index of the step on screen
PENDING = "lesson_pending"  # session key: a step to open once the current page's widgets are gone
PENDING_TICKS = "lesson_pending_ticks"
NEXT_KEY, PREVIOUS_KEY = "pagedown", "pageup"


def current_lesson() -> lessons.Lesson | None:
    return st.session_state.get(LESSON)


def set_lesson(lesson: lessons.Lesson | None, step: int = 0) -> None:
    st.session_state[LESSON] = lesson
    st.session_state[STEP] = step


def open_step(index: int, current_slug: str) -> None:
    """Show step ``index`` of the lesson: its page, with its saved values.

    Presenter mode is a bound widget on every page, so it carries over by itself.

    A page's widgets hold their values while it stays on screen, and Streamlit refuses to set a
    parameter bound to one of them; so a step on the page already shown goes by way of the Lesson page
    (:func:`follow_pending_step`), after which the page's widgets start afresh from the step's link.
    """
    st.session_state[STEP] = index
    if current_lesson().steps[index].page == current_slug:
        st.session_state[PENDING] = index
        st.switch_page(registry.page("lesson").file, query_params={})
    _switch_to(index)


def _switch_to(index: int) -> None:
    step = current_lesson().steps[index]
    forget_widget_values(step.page)
    st.switch_page(registry.page(step.page).file, query_params=step.params)


def forget_widget_values(slug: str) -> None:
    """Drop the values a page's linked widgets kept from an earlier visit, so the step's link decides.

    Streamlit keeps a bound widget's last value when its page is left, and that value wins over the
    address on return; a lesson step means "this view", so its page starts from its defaults and link.
    """
    pattern = state.known_params(registry.page(slug))
    for key in [k for k in st.session_state if k != "presenter" and pattern.fullmatch(k)]:
        del st.session_state[key]


def follow_pending_step() -> None:
    """Finish a step that :func:`open_step` routed through the Lesson page.

    The Lesson page's run must complete first (that is when Streamlit lets go of the previous page's
    widgets and their link bindings), so the switch happens on the next tick of a small fragment.
    """
    if PENDING not in st.session_state:
        return
    st.caption("Opening the next step…")

    @st.fragment(run_every=0.2)
    def go_on() -> None:
        ticks = st.session_state[PENDING_TICKS] = st.session_state.get(PENDING_TICKS, 0) + 1
        if ticks > 1:  # not the page's own run: that one had to complete
            index = st.session_state.pop(PENDING)
            st.session_state.pop(PENDING_TICKS)
            if current_lesson() and index < len(current_lesson().steps):
                _switch_to(index)

    go_on()


def _add_view(slug: str) -> None:
    lesson = current_lesson() or lessons.Lesson("My lesson")
    step = lessons.Step(registry.page(slug).title, slug, links.current_query())
    try:
        set_lesson(lessons.add_step(lesson, step), len(lesson.steps))
    except lessons.LessonError as exc:
        st.session_state["lesson_message"] = str(exc)


def lesson_sidebar(slug: str) -> None:
    """'Add this view' and, once a lesson exists, the step on screen with Previous / Next."""
    st.button("Add this view to the lesson", icon=":material/playlist_add:", key="lesson_add",
              on_click=_add_view, args=(slug,), width="stretch",
              help="Saves this page with its current settings as the lesson's next step (see the Lesson page).")
    if message := st.session_state.pop("lesson_message", None):
        st.warning(message)
    lesson = current_lesson()
    if not lesson or not lesson.steps:
        return
    index = min(st.session_state.get(STEP, 0), len(lesson.steps) - 1)
    st.caption(f"**{markup.literal(lesson.title)}** · step {index + 1} of {len(lesson.steps)}: "
               f"{markup.literal(lesson.steps[index].title)}")
    back, forward = st.columns(2)
    if back.button("Previous", icon=":material/skip_previous:", key="lesson_previous", disabled=index == 0,
                   shortcut=PREVIOUS_KEY, width="stretch"):
        open_step(index - 1, slug)
    if forward.button("Next", icon=":material/skip_next:", key="lesson_next",
                      disabled=index >= len(lesson.steps) - 1, shortcut=NEXT_KEY, width="stretch"):
        open_step(index + 1, slug)


def lesson_banner(slug: str) -> None:
    """Above the page, for the room: the lesson and the step on screen (when this page is that step's)."""
    lesson = current_lesson()
    if not lesson or not lesson.steps:
        return
    index = min(st.session_state.get(STEP, 0), len(lesson.steps) - 1)
    if lesson.steps[index].page == slug:
        st.caption(f":material/playlist_play: **{markup.literal(lesson.title)}** · step {index + 1} of "
                   f"{len(lesson.steps)}: {markup.literal(lesson.steps[index].title)} · Page Down for the next "
                   "step")


def this_view_url(slug: str) -> str:
    """The address of the current view that a phone on the same network can open."""
    port = st.get_option("server.port")
    browser_url = st.context.url or f"http://127.0.0.1:{port}/{'' if slug == 'home' else slug}"
    return share.view_url(browser_url, links.current_query(), st.get_option("server.address"),
                          share.public_url_from_env())


@st.dialog("Join this view", width="large")
def join_dialog(url: str) -> None:
    """A large QR code of the address, and the address in large type."""
    st.image(share.qr_svg(url, scale=10), width=420)
    st.markdown(f"### `{url.replace('`', '%60')}`")  # literal (inline code), large, and copyable as is
    if not share.reachable_from_phone(url):
        st.warning("This address is this computer's own loopback, which phones cannot open. Serve the class "
                   "with `make run HOST=0.0.0.0`, or set `PUBLIC_URL` to the address students should use.",
                   icon=":material/wifi_off:")


def join_button(slug: str) -> None:
    if st.button("Join by QR code", icon=":material/qr_code_2:", key="join_qr", width="stretch",
                 help="Shows a QR code of this view's link for phones, and the link in large type."):
        join_dialog(this_view_url(slug))
