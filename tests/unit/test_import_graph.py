"""The tooling folders import each other one way: all use devtools (the harness), bench and scripts use loadtest.

Every .py file of the folders is parsed (never imported); an import anywhere in a file counts, a lazy one inside
a function too. Checked: no cycle between the folders, the harness imports none of the others, nothing imports a
conftest or a ``__main__``, and no cycle between the modules of one folder.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.import_graph import (
    ROOT,
    cycles,
    folder_edges,
    forbidden_imports,
    imported_names,
    module_edges,
    source_graph,
    within,
)

HARNESS = "devtools"
FOLDERS = ("bench", "loadtest", "scripts", "tests", HARNESS)


GRAPH = source_graph(ROOT, FOLDERS)


def test_the_folders_import_each_other_one_way():
    assert cycles(folder_edges(GRAPH, FOLDERS)) == []


def test_the_harness_imports_none_of_the_tooling_folders():
    assert folder_edges(GRAPH, FOLDERS)[HARNESS] == set()


def test_nothing_imports_a_conftest_or_a_main_module():
    assert forbidden_imports(GRAPH) == set()


def test_no_folder_has_a_cycle_between_its_modules():
    edges = module_edges(GRAPH)
    assert {folder: cycles(within(edges, folder)) for folder in FOLDERS} == {folder: [] for folder in FOLDERS}


def test_the_walk_sees_every_folder_and_the_known_edges():
    edges = folder_edges(GRAPH, FOLDERS)
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
