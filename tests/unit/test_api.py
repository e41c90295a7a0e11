"""calc_core's declared API: each module's ``__all__`` matches the module, one meaning per name, and code
outside calc_core reads only names a module exports (and modules inside it no ``_private`` name of another)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import calc_core

ROOT = Path(__file__).resolve().parents[2]
# Every module and package under calc_core, dotted ("calc_core.descent"), subpackages included.
MODULES = sorted(m.name for m in pkgutil.walk_packages(calc_core.__path__, "calc_core."))
PUBLIC_MODULES = sorted(m for m in MODULES if not m.rsplit(".", 1)[1].startswith("_"))
UPPER_CASE = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Defined in several modules with the same meaning (calc_core's docstring says so).
SAME_MEANING = {"Fn", "Objective", "make_data", "train_chunk"}
# Reads of unexported names that stay, with the reason. The formula-limit test counts the nodes of Python's own
# parse of a formula, after the same typographic translation the parser applies.
PRIVATE_ALLOWED = {
    ("tests/unit/test_expr_limits.py", "calc_core.expr", "_TYPOGRAPHIC"),
}


def module_path(module: str) -> Path:
    return Path(importlib.import_module(module).__file__)


def test_every_module_is_imported_by_its_package_and_listed_in_its_all():
    code = "import sys, calc_core; print(*sorted(m for m in sys.modules if m.startswith('calc_core.')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert set(PUBLIC_MODULES) <= set(done.stdout.split()), "a bare `import calc_core` imports every module"
    for module in PUBLIC_MODULES:
        package, name = module.rsplit(".", 1)
        assert name in importlib.import_module(package).__all__, module


def test_every_exported_name_exists_and_is_public():
    missing = [f"{m}.{n}" for m in MODULES for n in importlib.import_module(m).__all__
               if n.startswith("_") or not hasattr(importlib.import_module(m), n)]
    assert missing == []


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


def test_every_upper_case_constant_is_exported():
    """The rule calc_core's docstring states: ``__all__`` ends with every UPPER_CASE constant defined."""
    unexported = [f"{m}.{n}" for m in MODULES for n in defined_names(module_path(m))
                  if UPPER_CASE.match(n) and n not in importlib.import_module(m).__all__]
    assert unexported == []


def test_one_meaning_per_name():
    where: dict[str, list[str]] = {}
    for module in MODULES:
        for name in defined_names(module_path(module)):
            where.setdefault(name, []).append(module)
    twice = {name: modules for name, modules in where.items() if len(modules) > 1 and name not in SAME_MEANING}
    assert twice == {}, "give each meaning its own name (or one definition that the others import)"


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return head and f"{head}.{node.attr}"
    return None


def imported_module(node: ast.ImportFrom, path: Path) -> str:
    """The dotted module ``from … import`` reads, relative imports (``from .table import x``) resolved."""
    if not node.level:
        return node.module or ""
    package = path.resolve().relative_to(ROOT).with_suffix("").parts[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join((*base, *([node.module] if node.module else [])))


def calc_core_reads(path: Path) -> set[tuple[str, str]]:
    """(calc_core module, name) pairs ``path`` reads: ``from calc_core.m import name``, and ``alias.name``
    where the alias is a calc_core module (``import calc_core.m as alias``, ``from calc_core import m``, or
    ``calc_core.m`` spelled out). Dunder names (``m.__file__``) are not counted."""
    tree = ast.parse(path.read_text())
    aliases: dict[str, str] = {}
    reads = set()
    for node in ast.walk(tree):
        source = imported_module(node, path) if isinstance(node, ast.ImportFrom) else ""
        if source.split(".")[0] == "calc_core":
            for alias in node.names:
                reads.add((source, alias.name))
                if f"{source}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "calc_core":
                    aliases[alias.asname or "calc_core"] = alias.name if alias.asname else "calc_core"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (chain := dotted(node.value)):
            head, _, rest = chain.partition(".")
            module = ".".join(filter(None, (aliases.get(head), rest)))
            if head in aliases and (module == "calc_core" or module in MODULES):
                reads.add((module, node.attr))
    return {(module, name) for module, name in reads if not name.startswith("__")}


def exported(module: str, name: str) -> bool:
    return name in importlib.import_module(module).__all__


def test_code_outside_calc_core_reads_only_exported_names():
    found = set()
    for folder in ("dashboard", "bench", "loadtest", "scripts", "tests", "devtools"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            found |= {(relative, *read) for read in calc_core_reads(path) if not exported(*read)}
    assert found - PRIVATE_ALLOWED == set()


def test_modules_inside_calc_core_import_no_private_name_of_another():
    found = set()
    for module in MODULES:
        path = module_path(module)
        found |= {(path.relative_to(ROOT).as_posix(), read, name) for read, name in calc_core_reads(path)
                  if name.startswith("_") and read != module}
    assert found == set()


def test_the_read_checker_sees_every_spelling(tmp_path):
    source = tmp_path / "reader.py"
    source.write_text("import calc_core\nimport calc_core.mlp as m\nfrom calc_core import descent as d\n"
                      "from calc_core.expr import _UNARY, relu\nd._run\nm.forward\ncalc_core.surfaces.bowl\n"
                      "d.__name__\n")
    inside = ROOT / "calc_core" / "procurement" / "reader.py"  # never written: only its place is read
    relative = ast.parse("from .table import _Table\nfrom . import csv\n").body
    assert [imported_module(node, inside) for node in relative] == ["calc_core.procurement.table",
                                                                    "calc_core.procurement"]
    assert calc_core_reads(source) == {
        ("calc_core", "descent"), ("calc_core.descent", "_run"), ("calc_core.expr", "_UNARY"),
        ("calc_core.expr", "relu"), ("calc_core.mlp", "forward"), ("calc_core", "surfaces"),
        ("calc_core.surfaces", "bowl")}


def test_a_bare_import_reaches_every_public_module():
    code = "import calc_core; print(calc_core.descent.OPTIMIZER_NAMES[-1], calc_core.compile_cache.ENV)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["newton", "CALCULUS_LAB_JAX_CACHE"]
