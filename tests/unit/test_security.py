"""Security properties of the source and the serve command (the README's Security section cites these)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "calc_core").rglob("*.py")) + sorted((ROOT / "dashboard").rglob("*.py"))
BUILTINS = {"eval", "exec", "compile", "__import__"}
UNSAFE_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}


def _calls_and_imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            owner = "" if isinstance(func, ast.Name) else (  # "" marks a bare (builtin) call
                func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else "?")
            yield "call", name, owner, node
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            yield "import", {n.split(".")[0] for n in names if n}, "", node


def test_no_eval_exec_or_pickle_on_anything():
    for path in SOURCES:
        for kind, name, owner, node in _calls_and_imports(path):
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if kind == "import":
                assert not name & UNSAFE_MODULES, f"{where} imports {name & UNSAFE_MODULES}"
            else:
                assert not (owner == "" and name in BUILTINS), f"{where} calls the builtin {name}"
                assert name != "read_pickle", f"{where} reads a pickle"
                assert not any(k.arg == "allow_pickle" for k in node.keywords), f"{where} allows pickles"


def test_no_html_from_anything_but_constants():
    for path in SOURCES:
        for kind, name, _, node in _calls_and_imports(path):
            if kind != "call":
                continue
            unsafe = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant)
                                                              and k.value.value is False) for k in node.keywords)
            assert not unsafe, f"{path.relative_to(ROOT)}:{node.lineno} allows HTML"
            if name == "html":  # st.html only with a module-level constant (the presenter CSS)
                assert all(isinstance(a, ast.Name) and a.id.isupper() for a in node.args), \
                    f"{path.relative_to(ROOT)}:{node.lineno} st.html with non-constant content"


def test_the_server_binds_to_localhost_unless_told_otherwise():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^HOST\s*\?=\s*127\.0\.0\.1$", makefile, re.MULTILINE)
    assert "--server.address $(HOST)" in makefile
