"""Lesson: plan a sequence of views, step through it in class, export and import it as a JSON file.

It steps through the page list, so it stands with the classroom, above :mod:`dashboard.registry`, which
declares its spec (``LESSON``).
"""

import re

import streamlit as st

from dashboard import registry
from dashboard.classroom import lessons, teacher
from dashboard.kit import markup


def load_example(title: str) -> None:
    teacher.set_lesson(lessons.example_lessons()[title])


def rename(index: int) -> None:
    lesson = teacher.current_lesson()
    title = st.session_state[f"lesson_title_{index}"]
    try:
        teacher.set_lesson(lessons.rename_step(lesson, index, title), st.session_state.get(teacher.STEP, 0))
    except lessons.LessonError as exc:
        st.session_state["lesson_message"] = str(exc)


def retitle() -> None:
    lesson = teacher.current_lesson()
    title = st.session_state["lesson_name"].strip()[: lessons.MAX_TITLE] or "My lesson"
    teacher.set_lesson(lessons.Lesson(title, lesson.steps), st.session_state.get(teacher.STEP, 0))


def edit(change, *args) -> None:
    """Apply one of lessons' pure edits (move, remove) to the lesson in session state."""
    teacher.set_lesson(change(teacher.current_lesson(), *args), 0)


def file_name(title: str) -> str:
    return (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "lesson") + ".json"


def step_row(index: int, step: lessons.Step, count: int, on_screen: int) -> None:
    with st.container(border=True):
        number, title, where, buttons = st.columns([0.5, 4, 3, 3], vertical_alignment="center")
        number.markdown(f"**{index + 1}**" + (" ▶" if index == on_screen else ""))
        title.text_input("Step title", step.title, key=f"lesson_title_{index}", label_visibility="collapsed",
                         on_change=rename, args=(index,), max_chars=lessons.MAX_TITLE)
        settings = len(step.params)
        where.caption(f"{registry.page(step.page).title} · {settings} setting{'s' * (settings != 1)} "
                      "from its link")
        up, down, remove, show = buttons.columns(4)
        up.button("", icon=":material/arrow_upward:", key=f"lesson_up_{index}", help="Move up",
                  disabled=index == 0, on_click=edit, args=(lessons.move_step, index, -1))
        down.button("", icon=":material/arrow_downward:", key=f"lesson_down_{index}", help="Move down",
                    disabled=index == count - 1, on_click=edit, args=(lessons.move_step, index, 1))
        remove.button("", icon=":material/delete:", key=f"lesson_remove_{index}", help="Remove this step",
                      on_click=edit, args=(lessons.remove_step, index))
        if show.button("", icon=":material/open_in_new:", key=f"lesson_open_{index}", help="Open this step"):
            teacher.open_step(index, "lesson")


def import_section() -> None:
    left, right = st.columns(2)
    with left:
        choice = st.selectbox("Example lessons (they follow the article)", list(lessons.example_lessons()), key="lesson_example")
        st.button("Load this example", on_click=load_example, args=(choice,), icon=":material/school:")
    with right:
        upload = st.file_uploader("Import a lesson file (.json)", type=["json"], key="lesson_file")
        if upload is not None and st.button("Use this file", icon=":material/upload_file:"):
            try:
                teacher.set_lesson(lessons.lesson_from_json(upload.getvalue()))
                st.rerun()
            except lessons.LessonError as exc:
                st.error(f"This lesson file cannot be used: {markup.literal(exc, limit=300)}",
                         icon=":material/error:")


def lesson_steps(lesson: lessons.Lesson) -> None:
    """The lesson's title, a row per step, and Start / Export / Clear."""
    st.text_input("Lesson title", lesson.title, key="lesson_name", on_change=retitle,
                  max_chars=lessons.MAX_TITLE)
    on_screen = st.session_state.get(teacher.STEP, 0)
    for i, step in enumerate(lesson.steps):
        step_row(i, step, len(lesson.steps), on_screen)
    start, export, clear = st.columns(3)
    if start.button("Start the lesson", icon=":material/play_arrow:", type="primary"):
        teacher.open_step(0, "lesson")
    export.download_button("Export the lesson (.json)", lessons.lesson_to_json(lesson),
                           file_name=file_name(lesson.title), mime="application/json",
                           icon=":material/download:", on_click="ignore")
    clear.button("Clear the lesson", icon=":material/clear_all:", on_click=teacher.set_lesson, args=(None,))


def render() -> None:
    """The lesson in session state (dashboard.classroom) → its steps → examples and import."""
    st.title("Lesson")
    teacher.follow_pending_step()
    st.markdown(
        "Plan the views you will show, in order. On any page, **Add this view to the lesson** (sidebar) saves "
        "the page with its current settings. In class, step with **Previous** / **Next** in the sidebar or "
        "with **Page Down** / **Page Up** (what a presentation clicker sends). Export the lesson as a small "
        "file to reuse it or give it to a colleague."
    )
    if message := st.session_state.pop("lesson_message", None):
        st.warning(message)
    lesson = teacher.current_lesson()
    if lesson is None or not lesson.steps:
        st.info("No lesson yet: load an example below, import a file, or add views from the sidebar.",
                icon=":material/playlist_add:")
    else:
        lesson_steps(lesson)
    st.subheader("Start from a lesson")
    import_section()


if __name__ == "__main__":  # Streamlit runs a page file as __main__
    render()
