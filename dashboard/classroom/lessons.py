"""Lesson playlists: an ordered list of views (a page and its link's values), as a small JSON file.

Imported files are validated strictly: only this app's pages, only parameters that a page binds to its
address (its ``PageSpec.links``, :func:`dashboard.kit.state.known_params`), bounded sizes; anything else
raises :class:`LessonError` with a message in words. No Streamlit calls here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dashboard import registry
from dashboard.kit import state

FORMAT = "calculus-lab-lesson"
VERSION = 1
MAX_FILE_BYTES = 64 * 1024
MAX_STEPS = 60
MAX_TITLE = 120
MAX_PARAMS = 40
MAX_VALUE = 2000  # a formula in a link is at most a few hundred characters; 2,000 leaves room, no more
MAX_LIST = 20  # a multiselect's values (the optimizers racing) are a handful
EXAMPLES_DIR = Path(__file__).parent / "examples"


class LessonError(ValueError):
    """A lesson file that cannot be used, with the reason in words."""


@dataclass(frozen=True)
class Step:
    title: str
    page: str  # a page slug from dashboard.registry
    params: dict[str, str | list[str]] = field(default_factory=dict)  # a list for a multiselect


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple[Step, ...] = ()


@cache
def page_slugs() -> tuple[str, ...]:
    return tuple(p.slug for p in registry.all_pages())


def _text(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise LessonError(f"{what} must be text, not {type(value).__name__}.")
    if len(value) > limit:
        raise LessonError(f"{what} is {len(value):,} characters long; the limit is {limit:,}.")
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise LessonError(f"{what} contains control characters.")
    return value


def _param_value(value: object, what: str) -> str | list[str]:
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise LessonError(f"{what} has {len(value)} values; the limit is {MAX_LIST}.")
        return [_scalar_value(v, what) for v in value]
    return _scalar_value(value, what)


def _scalar_value(value: object, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise LessonError(f"{what} must be text, a number or a list of them.")
    return _text(str(value), what, MAX_VALUE)


def _step(raw: object, number: int) -> Step:
    where = f"Step {number}"
    if not isinstance(raw, dict):
        raise LessonError(f"{where} must be an object with a title, a page and params.")
    unknown = set(raw) - {"title", "page", "params"}
    if unknown:
        raise LessonError(f"{where} has unknown fields: {', '.join(sorted(map(str, unknown)))}.")
    page = raw.get("page")
    if page not in page_slugs():
        raise LessonError(f"{where} names a page this app does not have: {str(page)[:60]!r}.")
    params = raw.get("params", {})
    if not isinstance(params, dict) or len(params) > MAX_PARAMS:
        raise LessonError(f"{where}: params must be an object with at most {MAX_PARAMS} entries.")
    params = state.current_names(params)  # a lesson saved before a setting was renamed still opens
    pattern = state.known_params(registry.page(page))
    for name in params:
        if not isinstance(name, str) or not pattern.fullmatch(name):
            raise LessonError(f"{where}: the page {page!r} has no setting called {str(name)[:60]!r}.")
    clean = {name: _param_value(value, f"{where}, {name}") for name, value in params.items()}
    title = _text(raw.get("title") or page, f"{where}'s title", MAX_TITLE)
    return Step(title=title, page=page, params=clean)


def lesson_from_json(data: bytes | str) -> Lesson:
    """Parse and validate a lesson file; raises :class:`LessonError` with the reason in words."""
    if len(data) > MAX_FILE_BYTES:
        raise LessonError(f"The file is {len(data):,} bytes; a lesson file is at most {MAX_FILE_BYTES:,}.")
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise LessonError(f"This is not a lesson file: it is not valid JSON ({type(exc).__name__}).") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise LessonError(f"This is not a lesson file: it has no \"format\": \"{FORMAT}\".")
    if raw.get("version") != VERSION:
        raise LessonError(f"Lesson files of version {str(raw.get('version'))[:20]!r} are not supported "
                          f"(this app reads version {VERSION}).")
    unknown = set(raw) - {"format", "version", "title", "steps"}
    if unknown:
        raise LessonError(f"The lesson has unknown fields: {', '.join(sorted(map(str, unknown)))}.")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not 0 < len(steps) <= MAX_STEPS:
        raise LessonError(f"A lesson needs a list of 1 to {MAX_STEPS} steps.")
    title = _text(raw.get("title") or "Lesson", "The lesson's title", MAX_TITLE)
    return Lesson(title=title, steps=tuple(_step(s, i + 1) for i, s in enumerate(steps)))


def lesson_to_json(lesson: Lesson) -> str:
    """The lesson as the JSON file that :func:`lesson_from_json` reads back."""
    return json.dumps({"format": FORMAT, "version": VERSION, "title": lesson.title,
                       "steps": [{"title": s.title, "page": s.page, "params": s.params}
                                 for s in lesson.steps]}, indent=2, ensure_ascii=False)


def example_lessons() -> dict[str, Lesson]:
    """The lessons shipped with the app, by title."""
    lessons = [lesson_from_json(path.read_bytes()) for path in sorted(EXAMPLES_DIR.glob("*.json"))]
    return {lesson.title: lesson for lesson in lessons}


def add_step(lesson: Lesson, step: Step) -> Lesson:
    if len(lesson.steps) >= MAX_STEPS:
        raise LessonError(f"A lesson has at most {MAX_STEPS} steps.")
    return Lesson(lesson.title, (*lesson.steps, step))


def remove_step(lesson: Lesson, index: int) -> Lesson:
    return Lesson(lesson.title, lesson.steps[:index] + lesson.steps[index + 1:])


def move_step(lesson: Lesson, index: int, offset: int) -> Lesson:
    """Swap step ``index`` with its neighbour ``index + offset`` (no change past either end)."""
    target = index + offset
    if not 0 <= target < len(lesson.steps) or not 0 <= index < len(lesson.steps):
        return lesson
    steps = list(lesson.steps)
    steps[index], steps[target] = steps[target], steps[index]
    return Lesson(lesson.title, tuple(steps))


def rename_step(lesson: Lesson, index: int, title: str) -> Lesson:
    title = _text(title.strip() or lesson.steps[index].page, "A step's title", MAX_TITLE)
    steps = list(lesson.steps)
    steps[index] = Step(title, steps[index].page, steps[index].params)
    return Lesson(lesson.title, tuple(steps))
