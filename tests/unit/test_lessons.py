"""Lesson files: a strict reader (this app's pages, their bound parameters, bounded sizes) and a round trip."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import registry
from dashboard.classroom import lessons
from dashboard.kit import state
from dashboard.registry import all_pages


def lesson_json(steps, **extra) -> str:
    return json.dumps({"format": lessons.FORMAT, "version": lessons.VERSION, "title": "T", "steps": steps,
                       **extra})


def test_shipped_examples_are_valid_and_follow_the_article():
    examples = lessons.example_lessons()
    assert set(examples) == {"Derivatives in 10 minutes", "From gradients to a trained network"}
    assert [s.page for s in examples["Derivatives in 10 minutes"].steps][:3] == [
        "rate_of_change", "rate_of_change", "tangent_line"]
    assert examples["From gradients to a trained network"].steps[-1].page == "neural_network"


def test_known_parameters_are_read_from_each_pages_widgets():
    assert state.known_params(registry.page("rate_of_change")).fullmatch("roc_dx")
    assert state.known_params(registry.page("extrema")).fullmatch("ext_formula_2")  # a preset helper's slot key
    assert state.known_params(registry.page("chain_rule")).fullmatch("ch_layer0")
    assert state.known_params(registry.page("gradient_field")).fullmatch("gf_optimizers")
    assert not state.known_params(registry.page("rate_of_change")).fullmatch("gf_lr")  # another page's setting
    assert not state.known_params(registry.page("home")).fullmatch("roc_dx")
    for spec in all_pages():
        assert state.known_params(spec).fullmatch("presenter")


def test_round_trip_keeps_every_step():
    lesson = lessons.Lesson("Mine", (lessons.Step("A", "descent_1d", {"d1_lr": "1.2"}),
                                     lessons.Step("B", "gradient_field", {"gf_optimizers": ["SGD", "Adam"]})))
    assert lessons.lesson_from_json(lessons.lesson_to_json(lesson)) == lesson


@pytest.mark.parametrize(("text", "words"), [
    ("not json", "not valid JSON"),
    ('{"steps": []}', "no \"format\""),
    (lesson_json([], version=2).replace('"version": 1, ', ""), "version"),
    (lesson_json([]), "1 to"),
    (lesson_json([{"title": "x", "page": "../../etc/passwd", "params": {}}]), "does not have"),
    (lesson_json([{"title": "x", "page": "https://evil.example/", "params": {}}]), "does not have"),
    (lesson_json([{"title": "x", "page": "descent_1d", "params": {"gf_lr": "1"}}]), "no setting called"),
    (lesson_json([{"title": "x", "page": "descent_1d", "params": {"d1_lr": "9" * 3000}}]), "limit"),
    (lesson_json([{"title": "x", "page": "descent_1d", "params": {"d1_lr": {"a": 1}}}]), "must be text"),
    (lesson_json([{"title": "x", "page": "descent_1d", "params": {"d1_lr": True}}]), "must be text"),
    (lesson_json([{"title": "x" * 500, "page": "descent_1d"}]), "limit"),
    (lesson_json([{"title": "x", "page": "descent_1d", "script": "alert(1)"}]), "unknown fields"),
    (lesson_json([{"title": "x", "page": "descent_1d"}], extra=1), "unknown fields"),
    (lesson_json([{"page": "descent_1d"}] * (lessons.MAX_STEPS + 1)), "1 to"),
    ("[" * 100_000, "bytes"),
    ("[" * 5000 + "]" * 5000, "not a lesson file"),
])
def test_hostile_or_broken_files_are_refused_in_words(text, words):
    with pytest.raises(lessons.LessonError, match=words):
        lessons.lesson_from_json(text)


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_lesson_or_a_lesson_error(data):
    try:
        lesson = lessons.lesson_from_json(data)
    except lessons.LessonError:
        return
    assert all(step.page in lessons.page_slugs() for step in lesson.steps)


def test_edits_move_rename_and_remove():
    steps = tuple(lessons.Step(t, "home") for t in "ABC")
    lesson = lessons.Lesson("L", steps)
    assert [s.title for s in lessons.move_step(lesson, 0, 1).steps] == ["B", "A", "C"]
    assert lessons.move_step(lesson, 2, 1) == lesson  # past the end: unchanged
    assert [s.title for s in lessons.remove_step(lesson, 1).steps] == ["A", "C"]
    assert lessons.rename_step(lesson, 2, "  Z ").steps[2].title == "Z"
    assert lessons.rename_step(lesson, 2, "   ").steps[2].title == "home"
