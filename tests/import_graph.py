"""Import graphs read from source (ast, never imported): what tests/unit/test_import_graph.py and
tests/unit/test_layers.py check."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def source_graph(root: Path, folders: tuple[str, ...]) -> dict[str, set[str]]:
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


def folder_edges(graph: dict[str, set[str]], folders: tuple[str, ...]) -> dict[str, set[str]]:
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
