"""The scaling report's 'students held at p95 < 1 s' (scripts/replica_scaling.py)."""

from scripts.replica_scaling import held, step_order, table


def step(students: int, p95_ms: float | None, errors: int = 0) -> dict:
    return {"students": students, "interactions": {"p95_ms": p95_ms}, "errors": {"total": errors}}


def test_held_is_the_last_step_before_the_first_miss():
    steps = [step(8, 950.0), step(1, 200.0), step(4, 400.0), step(12, 1000.0), step(16, 800.0)]
    assert held(steps) == 8  # 12 misses (1 s is not < 1 s), so 16 does not count even though it passed


def test_errors_or_no_answers_end_the_run():
    assert held([step(1, 300.0), step(2, 300.0, errors=1), step(4, 300.0)]) == 1
    assert held([step(1, None)]) == 0
    assert held([step(1, 2000.0)]) == 0


def test_table_has_a_row_per_configuration_and_the_held_column():
    results = {"1": {"steps": [step(1, 300.0), step(2, 1500.0)]}, "2": {"steps": [step(1, 250.0), step(2, 600.0)]}}
    lines = table(results).splitlines()
    assert lines[2].startswith("| 1 |") and lines[2].endswith("| 1 |")
    assert lines[3].startswith("| 2 |") and lines[3].endswith("| 2 |")


def test_configurations_take_turns_going_first():
    orders = [step_order(["1", "2"], i) for i in range(4)]
    assert orders == [["1", "2"], ["2", "1"], ["1", "2"], ["2", "1"]]
