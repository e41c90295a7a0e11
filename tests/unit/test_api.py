"""calc_core's declared API: the map in ``calc_core/__init__.py`` matches the modules, one meaning per name,
and code outside calc_core reads no ``_private`` name of it."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import calc_core

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [p.parent.name for p in (ROOT / "calc_core").glob("*/__init__.py")]  # calc_core.procurement
MODULES = sorted([p.stem for p in (ROOT / "calc_core").glob("*.py") if p.stem != "__init__"] + PACKAGES)
# Defined in several modules with the same meaning (the docstring map says so).
SAME_MEANING = {"Fn", "Objective", "make_data", "train_chunk"}
# Private reads that stay, with the reason. The formula-limit test counts the nodes of Python's own parse of a
# formula, after the same typographic translation the parser applies.
PRIVATE_ALLOWED = {
    ("tests/unit/test_expr_limits.py", "expr", "_TYPOGRAPHIC"),
}


def declared() -> dict[str, list[str]]:
    """The docstring map: module -> the names listed for it (parenthesised remarks dropped)."""
    table: dict[str, list[str]] = {}
    module = None
    for line in calc_core.__doc__.splitlines():
        entry = re.match(r"^    (\w+) {2,}(.*)$", line)
        if entry:
            module, names = entry.groups()
        elif module and re.match(r"^ {8,}\S", line):
            names = line
        else:
            module = None
            continue
        table.setdefault(module, []).extend(n for n in re.sub(r"\(.*?\)", "", names).replace(",", " ").split())
    return table


def test_every_module_is_declared_once_in_all_and_in_the_map():
    assert sorted(calc_core.__all__) == MODULES
    assert sorted(declared()) == MODULES


def test_every_declared_name_exists_and_is_public():
    missing = [f"{m}.{n}" for m, names in declared().items() for n in names
               if n.startswith("_") or not hasattr(importlib.import_module(f"calc_core.{m}"), n)]
    assert missing == []


def module_files(module: str) -> list[Path]:
    """A calc_core module's source: its file, or every file of a package."""
    package = ROOT / "calc_core" / module
    return sorted(package.glob("*.py")) if package.is_dir() else [ROOT / "calc_core" / f"{module}.py"]


def defined_names(path: Path) -> set[str]:
    """Public names a module defines itself (functions, classes, assignments; not imports)."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def test_one_meaning_per_name():
    where: dict[str, list[str]] = {}
    for module in MODULES:
        for path in module_files(module):
            for name in defined_names(path):
                where.setdefault(name, []).append(module)
    twice = {name: modules for name, modules in where.items() if len(modules) > 1 and name not in SAME_MEANING}
    assert twice == {}, "give each meaning its own name (or one definition that the others import)"


def private_reads(path: Path) -> set[tuple[str, str]]:
    """(calc_core module, _name) pairs ``path`` reads: ``from calc_core.m import _x`` or ``m._x`` on a module alias."""
    tree = ast.parse(path.read_text())
    aliases: dict[str, str] = {}
    reads = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "calc_core":
            aliases.update({a.asname or a.name: a.name for a in node.names})
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("calc_core."):
            module = node.module.removeprefix("calc_core.")
            reads.update((module, a.name) for a in node.names if a.name.startswith("_"))
            aliases.update({a.asname or a.name: f"{module}.{a.name}" for a in node.names  # a package's module
                            if (ROOT / "calc_core" / module.replace(".", "/") / f"{a.name}.py").exists()})
        elif isinstance(node, ast.Import):
            aliases.update({a.asname: a.name.removeprefix("calc_core.") for a in node.names
                            if a.asname and a.name.startswith("calc_core.")})
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            reads.add((aliases[node.value.id], node.attr))
    return reads


def test_code_outside_calc_core_reads_only_its_public_names():
    found = set()
    for folder in ("dashboard", "bench", "loadtest", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            found |= {(relative, *read) for read in private_reads(path)}
    assert found - PRIVATE_ALLOWED == set()


def test_the_private_read_checker_sees_both_spellings(tmp_path):
    source = tmp_path / "reader.py"
    source.write_text("from calc_core import descent as d\nfrom calc_core.expr import _UNARY\nd._run\n")
    assert private_reads(source) == {("descent", "_run"), ("expr", "_UNARY")}


def test_a_bare_import_reaches_every_public_module():
    code = "import calc_core; print(calc_core.descent.OPTIMIZER_NAMES[-1], calc_core.compile_cache.ENV)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["newton", "CALCULUS_LAB_JAX_CACHE"]
