"""The tooling folders import each other one way: all use devtools (the harness), bench and scripts use loadtest.

Every .py file of the folders is parsed (never imported); an import anywhere in a file counts, a lazy one inside
a function too. Checked: no cycle between the folders, the harness imports none of the others, nothing imports a
conftest or a ``__main__``, and no cycle between the modules of one folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HARNESS = "devtools"
FOLDERS = ("bench", "loadtest", "scripts", "tests", HARNESS)
NEVER_IMPORTED = ("conftest", "__main__")


def module_name(path: Path, root: Path = ROOT) -> str:
    """``loadtest/campaign.py`` -> ``loadtest.campaign``; a package's ``__init__.py`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every dotted name an import in ``tree`` reaches: ``from a import b`` gives ``a`` and ``a.b``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                package = module.split(".")[: len(module.split(".")) - node.level + is_package]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def source_graph(root: Path = ROOT, folders: tuple[str, ...] = FOLDERS) -> dict[str, set[str]]:
    """Module -> the dotted names its imports reach, for every .py file under ``folders``."""
    graph = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            module = module_name(path, root)
            graph[module] = imported_names(ast.parse(path.read_text(), str(path)), module,
                                           path.name == "__init__.py")
    return graph


def resolve(name: str, modules: set[str]) -> str | None:
    """The longest module of ``modules`` that ``name`` is or lies in (``a.b.func`` -> ``a.b``), else None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def module_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Module -> the other modules of ``graph`` it imports (``from a import b`` runs ``a/__init__`` too)."""
    modules = set(graph)
    return {module: {resolve(name, modules) for name in names} - {None, module} for module, names in graph.items()}


def folder_edges(graph: dict[str, set[str]], folders: tuple[str, ...] = FOLDERS) -> dict[str, set[str]]:
    """Top-level folder -> the other folders its modules import."""
    edges: dict[str, set[str]] = {folder: set() for folder in folders}
    for module, names in graph.items():
        top = module.split(".")[0]
        edges[top] |= {name.split(".")[0] for name in names if name.split(".")[0] in folders} - {top}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted; [] for a DAG."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def forbidden_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """(module, name) for every import of a module named conftest or ``__main__``."""
    return {(module, name) for module, names in graph.items() for name in names
            if set(name.split(".")) & set(NEVER_IMPORTED)}


def within(edges: dict[str, set[str]], folder: str) -> dict[str, set[str]]:
    """The part of ``edges`` between modules of ``folder``."""
    inside = {m for m in edges if m.split(".")[0] == folder}
    return {m: edges[m] & inside for m in inside}


GRAPH = source_graph()


def test_the_folders_import_each_other_one_way():
    assert cycles(folder_edges(GRAPH)) == []


def test_the_harness_imports_none_of_the_tooling_folders():
    assert folder_edges(GRAPH)[HARNESS] == set()


def test_nothing_imports_a_conftest_or_a_main_module():
    assert forbidden_imports(GRAPH) == set()


def test_no_folder_has_a_cycle_between_its_modules():
    edges = module_edges(GRAPH)
    assert {folder: cycles(within(edges, folder)) for folder in FOLDERS} == {folder: [] for folder in FOLDERS}


def test_the_walk_sees_every_folder_and_the_known_edges():
    edges = folder_edges(GRAPH)
    assert {"loadtest", HARNESS} <= edges["bench"] and HARNESS in edges["loadtest"]
    assert "loadtest.campaign" in module_edges(GRAPH)["scripts.replica_scaling"]


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_the_checks_fail_on_a_tree_that_breaks_every_rule(tmp_path):
    write(tmp_path, {
        "devtools/__init__.py": "", "devtools/server.py": "from bench.browser import WAIT_JS\n",
        "bench/__init__.py": "", "bench/browser.py": "import loadtest.campaign\nfrom . import common\n",
        "bench/common.py": "def f():\n    from bench.browser import WAIT_JS\n",
        "loadtest/__init__.py": "", "loadtest/campaign.py": "from bench import browser\n",
        "tests/__init__.py": "", "tests/test_x.py": "from tests.e2e.conftest import ROOT\nimport bench.__main__\n",
    })
    graph = source_graph(tmp_path, ("devtools", "bench", "loadtest", "tests"))
    folders = folder_edges(graph, ("devtools", "bench", "loadtest", "tests"))
    assert cycles(folders) == [["bench", "loadtest"]]
    assert folders["devtools"] == {"bench"}
    assert forbidden_imports(graph) == {("tests.test_x", "tests.e2e.conftest"),
                                        ("tests.test_x", "tests.e2e.conftest.ROOT"),
                                        ("tests.test_x", "bench.__main__")}
    assert cycles(within(module_edges(graph), "bench")) == [["bench.browser", "bench.common"]]


def test_a_chain_is_no_cycle_and_relative_imports_resolve():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    tree = ast.parse("from . import common\nfrom ..scenario import load\n")
    assert imported_names(tree, "loadtest.sub.x", False) == {"loadtest.sub", "loadtest.sub.common",
                                                             "loadtest.scenario", "loadtest.scenario.load"}
