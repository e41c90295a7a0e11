"""The product's layers, read from source: calc_core and dashboard have no import circle (an import inside a
function counts too), calc_core knows no UI, figures call no Streamlit, and the dashboard's floors import
downward only (README, "Layers, one direction")."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.import_graph import ROOT, cycles, module_name, resolve

PRODUCT = ("calc_core", "dashboard")
#: The dashboard's floors, bottom up: a module imports only from its own floor or below.
FLOORS = (
    ("dashboard.figures",),
    ("dashboard.kit",),
    ("dashboard.views",),
    ("dashboard.registry",),
    ("dashboard.classroom", "dashboard.home", "dashboard.server"),
    ("dashboard.app",),
)


def modules_under(root: Path, folders: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name -> its file, for every .py file under ``folders``."""
    return {module_name(p, root): p for folder in folders for p in sorted((root / folder).rglob("*.py"))}


def imports_of(path: Path, module: str, modules: set[str]) -> tuple[set[str], set[str]]:
    """(the modules of ``modules`` that ``path`` imports, the top-level names of the others).

    ``from pkg import sub`` is an import of ``pkg.sub`` when that is a module: a package's ``__init__`` that
    imports its own submodules (a package's face) is not a circle with them.
    """
    inside, outside = set(), set()
    package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: len(module.split(".")) - node.level + package]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            found = resolve(target, modules)
            if found is None:
                outside.add(target.split(".")[0])
            elif found != module:
                inside.add(found)
    return inside, outside


def product_graph(root: Path = ROOT, folders: tuple[str, ...] = PRODUCT):
    """Module -> (the product modules it imports, the outside packages it imports)."""
    files = modules_under(root, folders)
    return {module: imports_of(path, module, set(files)) for module, path in files.items()}


def floor(module: str) -> int | None:
    for level, rooms in enumerate(FLOORS):
        if any(module == room or module.startswith(room + ".") for room in rooms):
            return level
    return None


def upward_imports(graph) -> set[tuple[str, str]]:
    """(importer, imported) where a dashboard module imports from a floor above its own."""
    return {(m, t) for m, (inside, _) in graph.items() for t in inside
            if floor(m) is not None and floor(t) is not None and floor(t) > floor(m)}


GRAPH = product_graph()


def test_calc_core_and_dashboard_have_no_import_circle():
    assert cycles({module: inside for module, (inside, _) in GRAPH.items()}) == []


def test_calc_core_imports_no_dashboard_streamlit_or_plotly():
    found = {(m, name) for m, (inside, outside) in GRAPH.items() if m.startswith("calc_core")
             for name in {t.split(".")[0] for t in inside} | outside if name in {"dashboard", "streamlit", "plotly"}}
    assert found == set()


def test_figures_call_no_streamlit_and_use_no_other_part_of_the_dashboard():
    found = {(m, name) for m, (inside, outside) in GRAPH.items() if m.startswith("dashboard.figures")
             for name in outside | {t for t in inside if t.startswith("dashboard.") and floor(t) != 0}
             if name == "streamlit" or name.startswith("dashboard.")}
    assert found == set()


def test_the_dashboard_floors_import_downward_only():
    assert all(floor(m) is not None for m in GRAPH if m.startswith("dashboard.")), "a new room needs a floor"
    assert upward_imports(GRAPH) == set()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_the_checks_fail_on_a_tree_that_breaks_every_rule(tmp_path):
    write(tmp_path, {
        "dashboard/__init__.py": "", "dashboard/registry.py": "from dashboard.views import a\n",
        "dashboard/views/__init__.py": "", "dashboard/views/a.py": "def f():\n    from dashboard import registry\n",
        "dashboard/kit/__init__.py": "", "dashboard/kit/b.py": "from dashboard.views import a\n",
        "dashboard/figures/__init__.py": "", "dashboard/figures/c.py": "import streamlit as st\n",
        "calc_core/__init__.py": "from calc_core import d\n", "calc_core/d.py": "from calc_core import e\nimport plotly\n",
        "calc_core/e.py": "",
    })
    graph = product_graph(tmp_path)
    assert cycles({m: inside for m, (inside, _) in graph.items()}) == [["dashboard.registry", "dashboard.views.a"]]
    assert upward_imports(graph) == {("dashboard.views.a", "dashboard.registry"),
                                     ("dashboard.kit.b", "dashboard.views.a")}
    assert graph["dashboard.figures.c"][1] == {"streamlit"} and graph["calc_core.d"][1] == {"plotly"}
    assert graph["calc_core"][0] == {"calc_core.d"}  # a package's face: no circle with its submodules
