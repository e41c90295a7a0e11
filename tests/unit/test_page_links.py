"""Each page's declared ``PageSpec.links`` against the keys its source really binds to the address.

The oracle reads the page's source with ``ast`` (never imported or run): the ``key=`` of every widget created
with ``bind=…`` and the keys that the kit's formula, seed, preset and predict helpers bind. A page that adds
a bound widget without declaring it (or declares one it no longer binds) fails here: the lesson import and
the link checks read only the declaration.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.registry import all_pages

KEY_CHARS = "[A-Za-z0-9_]+"


def key_pattern(node: ast.expr) -> str | None:
    """A regex for a widget key written as a string literal or an f-string; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(part.value) if isinstance(part, ast.Constant) else KEY_CHARS
                       for part in node.values)
    return None


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def bound_keys_in(call: ast.Call) -> list[str]:
    """Key patterns that one call binds to the address."""
    keywords = {k.arg: k.value for k in call.keywords}
    name = call_name(call)
    if "bind" in keywords and "key" in keywords:
        return [p for p in [key_pattern(keywords["key"])] if p]
    if name == "formula_input" and len(call.args) >= 2:
        return [p for p in [key_pattern(call.args[1])] if p]
    if name == "seed_input" and len(call.args) >= 3:  # inputs.seed_input(container, label, key, default)
        return [p for p in [key_pattern(call.args[2])] if p]
    if name == "predict_mode" and call.args:  # predict.predict_mode binds "<key>_predict"
        return [p + "_predict" for p in [key_pattern(call.args[0])] if p]
    if name == "preset_function" and call.args:
        prefix = key_pattern(call.args[0])
        return [f"{prefix}_preset", f"{prefix}_formula_[0-9]+", f"{prefix}_range_[0-9]+"] if prefix else []
    return []


def page_sources(path: Path) -> list[Path]:
    """The page file, or every module of its package (a page in a folder of its own, as procurement)."""
    return sorted(path.parent.glob("*.py")) if path.parent.name != "views" else [path]


def bound_keys(path: Path) -> set[str]:
    """Regexes of the parameter names the page at ``path`` binds to its address (one per widget)."""
    trees = [ast.parse(source.read_text(encoding="utf-8")) for source in page_sources(path)]
    return {p for tree in trees for node in ast.walk(tree) if isinstance(node, ast.Call)
            for p in bound_keys_in(node)}


@pytest.mark.parametrize("spec", all_pages(), ids=lambda spec: spec.slug)
def test_declared_links_are_the_keys_the_page_binds(spec):
    assert set(spec.links) == bound_keys(spec.path), "update PAGE = PageSpec(links=…) beside the page"
    assert len(set(spec.links)) == len(spec.links)


def test_the_oracle_sees_a_bound_widget(tmp_path):
    page = tmp_path / "views" / "demo.py"
    page.parent.mkdir()
    page.write_text('st.slider("x", key=f"demo_x{i}", bind=links.SHARE)\ninputs.formula_input("f", "demo_f", "x")\n')
    assert bound_keys(page) == {"demo_x" + KEY_CHARS, "demo_f"}
