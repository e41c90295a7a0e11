"""Safe formulas typed by users: text -> a JAX-traceable function, never `eval`.

The text is tokenised (``^`` becomes ``**`` at the token level, so ``x^2+1`` means ``x**2 + 1``),
parsed by :mod:`ast`, checked against a whitelist, and compiled into a tree of small closures that
call ``jax.numpy``. Every refusal is an :class:`ExpressionError` with a message a student understands.

>>> f = parse_function("x^2 + 3*x")
>>> float(jax.grad(f)(2.0))
7.0
"""

from __future__ import annotations

import ast
import functools
import io
import keyword
import math
import tokenize
from collections.abc import Callable

import jax
import jax.numpy as jnp

__all__ = [
    "parse_function", "as_vector_function", "try_parse", "ExpressionError", "relu", "MAX_LENGTH",
    "MAX_INTEGER_POWER", "MAX_NODES", "MAX_DEPTH", "MAX_CALL_NESTING", "MAX_TOWER", "MAX_EXPONENT",
    "MAX_NUMBER", "ALIASES", "FUNCTIONS", "CONSTANTS",
]

MAX_LENGTH = 300
MAX_INTEGER_POWER = 2**31 - 1  # integer exponents up to this compile to lax.integer_pow (an int32 attribute)
# What a formula may cost (checked on the syntax tree before anything is compiled; see _check_cost):
MAX_NODES = 80  # numbers, names, operators and calls
MAX_DEPTH = 12  # nesting levels; a chain of + and - (or of * and /) counts as one level
MAX_CALL_NESTING = 4  # functions inside functions' arguments, e.g. sin(exp(cos(tanh(x))))
MAX_TOWER = 3  # powers stacked in exponents: e^(-x^2) is 3 high, 9^9^9^9 is 4
MAX_EXPONENT = 1000  # largest |constant exponent|: 9^9^9 asks for 9^387420489
MAX_NUMBER = 1e38  # float32 overflows above ~3.4e38

Evaluator = Callable[[dict[str, jax.Array]], jax.Array]


class ExpressionError(ValueError):
    """A formula that cannot be used; the message says why, in words a student understands."""


def relu(x: jax.Array) -> jax.Array:
    """``max(x, 0)``, any shape. Its derivative at 0 is 0.5 (JAX's rule for a tie in ``maximum``), not 0 as in
    ``jax.nn.relu``: the formulas' ``relu`` and the network's activation (:data:`calc_core.mlp.ACTIVATIONS`)."""
    return jnp.maximum(x, 0.0)


_UNARY: dict[str, Callable[[jax.Array], jax.Array]] = {
    "sin": jnp.sin, "cos": jnp.cos, "tan": jnp.tan, "exp": jnp.exp, "log": jnp.log,
    "log10": jnp.log10, "log2": jnp.log2, "sqrt": jnp.sqrt, "abs": jnp.abs, "tanh": jnp.tanh,
    "sinh": jnp.sinh, "cosh": jnp.cosh, "arcsin": jnp.arcsin, "arccos": jnp.arccos,
    "arctan": jnp.arctan, "sigmoid": jax.nn.sigmoid, "relu": relu, "softplus": jax.nn.softplus,
}
_BINARY: dict[str, Callable[[jax.Array, jax.Array], jax.Array]] = {
    "maximum": jnp.maximum, "minimum": jnp.minimum,
}
ALIASES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "ln": "log"}
FUNCTIONS = tuple(sorted([*_UNARY, *_BINARY, *ALIASES]))
CONSTANTS = {"pi": float(jnp.pi), "e": float(jnp.e)}

_BINOPS: dict[type, Callable[[jax.Array, jax.Array], jax.Array]] = {
    ast.Add: jnp.add, ast.Sub: jnp.subtract, ast.Mult: jnp.multiply,
    ast.Div: jnp.divide, ast.Pow: jnp.power,
}
_OPERATOR_SYMBOLS = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitOr: "|", ast.BitAnd: "&",
    ast.LShift: "<<", ast.RShift: ">>", ast.BitXor: "^", ast.Invert: "~", ast.Not: "not",
}


_ALLOWED_SYMBOLS = set(" +-*/^().,:<>=!%@|&~_'\"[]{}")
#: Typographic symbols pasted from documents, read as their ASCII operators (one character each).
_TYPOGRAPHIC = str.maketrans({"−": "-", "×": "*", "·": "*", "÷": "/"})


def _fail(message: str) -> ExpressionError:
    return ExpressionError(message)


def _use_hint(variables: tuple[str, ...]) -> str:
    names = [*variables, "pi", "e"] if len(variables) < 3 else list(variables)
    return "use " + ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "use " + names[0]


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise _fail("a formula must be text")
    if not text.strip():
        raise _fail("type a formula, for example x^2 + 1")
    if len(text) > MAX_LENGTH:
        raise _fail(f"the formula is too long ({len(text)} characters; at most {MAX_LENGTH})")
    if any(ch in "\n\r\t\f\v" or ord(ch) < 32 for ch in text):
        raise _fail("write the formula on one line")
    for pos, ch in enumerate(text):
        if not (ch.isascii() and (ch.isalnum() or ch in _ALLOWED_SYMBOLS)):
            hint = " (write x^2 for a square)" if ch in "²³" else ""
            raise _fail(f"'{ch}' at position {pos} is not allowed{hint}")
    for quote in "\"'":
        if quote in text:
            raise _fail(f"text in quotes is not allowed (position {text.index(quote)})")
    _check_brackets(text)


def _check_brackets(text: str) -> None:
    opened: list[int] = []
    for pos, ch in enumerate(text):
        if ch in "[]{}":
            raise _fail(f"'{ch}' at position {pos} is not allowed: use round brackets ( )")
        if ch == "(":
            opened.append(pos)
        elif ch == ")":
            if not opened:
                raise _fail(f"unexpected ')' at position {pos}: there is no '(' to close")
            opened.pop()
    if opened:
        raise _fail(f"missing ')' at position {len(text)} to close the '(' at position {opened[-1]}")


def _rewrite_power(text: str) -> tuple[str, list[int]]:
    """Replace every ``^`` operator token with ``**``; return the new text and the old positions."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise _fail(f"could not read the formula: {exc.args[0]}") from None
    carets = [tok.start[1] for tok in tokens if tok.type == tokenize.OP and tok.string == "^"]
    _check_tokens(tokens)
    pieces, last = [], 0
    for pos in carets:
        pieces += [text[last:pos], "**"]
        last = pos + 1
    return "".join(pieces) + text[last:], carets


def _check_tokens(tokens: list[tokenize.TokenInfo]) -> None:
    previous = None
    for tok in tokens:
        if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
            raise _fail(f"the word '{tok.string}' is not allowed in a formula")
        if tok.type == tokenize.ERRORTOKEN and tok.string.strip():
            raise _fail(f"'{tok.string}' at position {tok.start[1]} is not allowed")
        if previous is not None and previous.type == tokenize.NUMBER and tok.type == tokenize.NAME:
            raise _fail(
                f"write a '*' for a product: {previous.string}*{tok.string} (position {tok.start[1]})"
            )
        if tok.type not in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.NL):
            previous = tok


def _original_position(position: int, carets: list[int]) -> int:
    """Map a position in the rewritten text back to the user's text (each ``^`` grew by one)."""
    shift = 0
    for caret in carets:
        if caret + shift < position:
            shift += 1
    return max(position - shift, 0)


def _parse(text: str) -> ast.expr:
    if isinstance(text, str):
        text = text.translate(_TYPOGRAPHIC)
    _check_text(text)
    source, carets = _rewrite_power(text)
    try:
        return ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        position = _original_position((exc.offset or 1) - 1, carets)
        raise _fail(f"the formula is incomplete or malformed near position {position}") from None


def _number(node: ast.Constant) -> Evaluator:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "text" if isinstance(value, str) else type(value).__name__
        raise _fail(f"{kind} values are not allowed; use numbers")
    try:
        number = float(value)
    except OverflowError:
        raise _fail("a number in the formula is too large") from None
    return lambda env: number


def _integer_exponent(node: ast.expr) -> int | None:
    """The exponent as an int when it is an integer literal (``3``, ``-2``, ``2.0``), else None.

    ``x^3`` then compiles to ``lax.integer_pow`` (repeated multiplication), whose derivatives of every order
    are exact polynomials; ``jnp.power`` with a float exponent gives 0·∞ = NaN in f⁽⁴⁾ of x³ at 0.
    """
    sign = 1
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    value = node.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and abs(value) <= MAX_INTEGER_POWER:
        return sign * value
    return None


class _Compiler:
    """Turn a whitelisted AST into nested closures over ``jax.numpy`` (no Python arithmetic on constants)."""

    def __init__(self, variables: tuple[str, ...]):
        self.variables = variables

    def compile(self, node: ast.AST) -> Evaluator:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise _fail(self._describe_refusal(node))
        return method(node)

    def _describe_refusal(self, node: ast.AST) -> str:
        refusals = {
            ast.Attribute: "'.' (attribute access) is not allowed",
            ast.Subscript: "square brackets (indexing) are not allowed",
            ast.Compare: "comparisons such as <, > or == are not allowed",
            ast.BoolOp: "'and' / 'or' are not allowed",
            ast.IfExp: "'if ... else' is not allowed",
            ast.Lambda: "'lambda' is not allowed",
            ast.Tuple: "a comma separates arguments only inside a function call, e.g. maximum(x, 0)",
            ast.Starred: "'*' before a name is not allowed",
            ast.JoinedStr: "text is not allowed",
            ast.NamedExpr: "':=' is not allowed",
        }
        for kind, message in refusals.items():
            if isinstance(node, kind):
                return message
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            return "comprehensions are not allowed"
        return f"'{type(node).__name__}' is not allowed in a formula"

    def _Constant(self, node: ast.Constant) -> Evaluator:
        return _number(node)

    def _Name(self, node: ast.Name) -> Evaluator:
        name = node.id
        if name in self.variables:
            return lambda env: env[name]
        if name in CONSTANTS:
            value = CONSTANTS[name]
            return lambda env: value
        if name in _UNARY or name in _BINARY or name in ALIASES:
            return self._bare_function(name)
        raise _fail(f"unknown name '{name}' — {_use_hint(self.variables)}")

    def _bare_function(self, name: str) -> Evaluator:
        args = ", ".join(self.variables[:2]) if name in _BINARY else self.variables[0]
        raise _fail(f"'{name}' is a function: give it an argument, e.g. {name}({args})")

    def _UnaryOp(self, node: ast.UnaryOp) -> Evaluator:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda env: jnp.negative(operand(env))
        if isinstance(node.op, ast.UAdd):
            return operand
        raise _fail(f"the operator '{_OPERATOR_SYMBOLS.get(type(node.op), '?')}' is not allowed")

    def _BinOp(self, node: ast.BinOp) -> Evaluator:
        op = _BINOPS.get(type(node.op))
        if op is None:
            symbol = _OPERATOR_SYMBOLS.get(type(node.op), "?")
            raise _fail(f"the operator '{symbol}' is not allowed; use + - * / and ^ (or **)")
        left, right = self.compile(node.left), self.compile(node.right)
        exponent = _integer_exponent(node.right) if isinstance(node.op, ast.Pow) else None
        if exponent is not None:
            return lambda env: jax.lax.integer_pow(jnp.asarray(left(env)), exponent)
        return lambda env: op(left(env), right(env))

    def _Call(self, node: ast.Call) -> Evaluator:
        if not isinstance(node.func, ast.Name):
            raise _fail("only named functions can be called, e.g. sin(x)")
        name = ALIASES.get(node.func.id, node.func.id)
        if node.keywords:
            raise _fail(f"{node.func.id}() takes no named arguments")
        if name in _UNARY:
            return self._call(node, _UNARY[name], 1)
        if name in _BINARY:
            return self._call(node, _BINARY[name], 2)
        if node.func.id in self.variables or node.func.id in CONSTANTS:
            raise _fail(f"write a '*' for a product: {node.func.id}*(...)")
        raise _fail(f"unknown function '{node.func.id}'; known: {', '.join(FUNCTIONS)}")

    def _call(self, node: ast.Call, fn: Callable, arity: int) -> Evaluator:
        if len(node.args) != arity:
            plural = "argument" if arity == 1 else "arguments"
            raise _fail(f"{node.func.id}() takes {arity} {plural}, got {len(node.args)}")
        args = [self.compile(arg) for arg in node.args]
        if arity == 1:
            (only,) = args
            return lambda env: fn(only(env))
        first, second = args
        return lambda env: fn(first(env), second(env))


def _check_variables(variables: tuple[str, ...]) -> tuple[str, ...]:
    variables = tuple(variables)
    for name in variables:
        if not name.isidentifier() or keyword.iskeyword(name) or name in CONSTANTS or name in FUNCTIONS:
            raise ValueError(f"{name!r} cannot be a variable name")
    if len(set(variables)) != len(variables) or not variables:
        raise ValueError("variables must be distinct and at least one")
    return variables


def _as_function(evaluate: Evaluator, text: str, variables: tuple[str, ...]) -> Callable[..., jax.Array]:
    def function(*args):
        if len(args) != len(variables):
            raise TypeError(f"{text!r} takes {len(variables)} arguments ({', '.join(variables)})")
        values = [jnp.asarray(arg) for arg in args]
        shape = jnp.broadcast_shapes(*(v.shape for v in values))
        dtype = jnp.result_type(*values, float)
        result = jnp.asarray(evaluate(dict(zip(variables, values, strict=True))), dtype=dtype)
        return jnp.broadcast_to(result, shape)

    function.__name__ = "f"
    function.__qualname__ = "f"
    function.__doc__ = f"f({', '.join(variables)}) = {text}"
    function.text = text
    function.variables = variables
    return function


# --- What a formula may cost ------------------------------------------------------------------------------
_CHAIN = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}


def _depth(node: ast.AST, chain: str | None = None) -> int:
    """Nesting levels under ``node``; continuing a chain of + - (or * /) adds no level."""
    kind = _CHAIN.get(type(node.op)) if isinstance(node, ast.BinOp) else None
    below = max((_depth(child, kind) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)),
                default=0)
    return below if kind is not None and kind == chain else below + 1


def _call_nesting(node: ast.AST) -> int:
    """The most function calls stacked inside each other's arguments under ``node``."""
    below = max((_call_nesting(child) for child in ast.iter_child_nodes(node)), default=0)
    return below + isinstance(node, ast.Call)


def _tower(node: ast.AST) -> int:
    """The highest stack of powers in exponents under ``node`` (``x^2`` is 2, ``x^y^z`` is 3)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return max(_tower(node.left), 1 + max(_tower(node.right), 1))
    return max((_tower(child) for child in ast.iter_child_nodes(node)), default=1)


def _constant(node: ast.AST) -> float | None:
    """The value of a variable-free arithmetic node in float64, or None (inf when it overflows)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value) if abs(node.value) < 1e308 else float("inf")
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _constant(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        left, right = _constant(node.left), _constant(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Pow):
                if abs(right) > MAX_EXPONENT or (left < 0 and not right.is_integer()):
                    return float("inf") if abs(right) > MAX_EXPONENT else float("nan")
                return float(left**right)
            return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}.get(
                type(node.op), left / right if right else float("inf"))
        except OverflowError:
            return float("inf")
    return None


def _check_exponents(node: ast.AST) -> None:
    """Refuse numbers beyond float32 and constant exponents that would build astronomically large values."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, int | float) and abs(child.value) > MAX_NUMBER:
            raise _fail(f"a number in the formula is too large (at most {MAX_NUMBER:.0e} in size)")
        if isinstance(child, ast.BinOp) and isinstance(child.op, ast.Pow):
            exponent = _constant(child.right)
            if exponent is not None and not abs(exponent) <= MAX_EXPONENT:
                size = f"{exponent:,.0f}" if math.isfinite(exponent) else "beyond any number"
                raise _fail(f"an exponent is too large ({size}; at most {MAX_EXPONENT:,} in size)")


def _check_cost(tree: ast.expr) -> None:
    """Refuse formulas whose compile or derivatives would cost too much: size, nesting, power towers, exponents.

    Differentiating repeatedly multiplies a formula's size, so these limits bound every page's compile time.
    """
    nodes = sum(isinstance(node, ast.expr) for node in ast.walk(tree)) - sum(
        isinstance(node, ast.Call) for node in ast.walk(tree))  # a call's name is not a separate piece
    if nodes > MAX_NODES:
        raise _fail(f"the formula is too big ({nodes} pieces: numbers, names, operators, calls; "
                    f"at most {MAX_NODES})")
    if (depth := _depth(tree)) > MAX_DEPTH:
        raise _fail(f"the formula is nested too deeply ({depth} levels; at most {MAX_DEPTH})")
    if (calls := _call_nesting(tree)) > MAX_CALL_NESTING:
        raise _fail(f"too many functions inside functions ({calls} deep; at most {MAX_CALL_NESTING})")
    if (tower := _tower(tree)) > MAX_TOWER:
        raise _fail(f"too many powers stacked in exponents ({tower} high, as in 9^9^9^9; at most {MAX_TOWER})")
    _check_exponents(tree)


@functools.lru_cache(maxsize=512)
def parse_function(text: str, variables: tuple[str, ...] = ("x",)) -> Callable[..., jax.Array]:
    """Compile a user's formula into a JAX function of ``variables`` (positional scalars or arrays).

    The same ``(text, variables)`` returns the same callable object, so jitted code keyed on the
    function compiles once. Inputs broadcast together; the output has their broadcast shape.

    Raises:
        ExpressionError: the text is empty, too long, malformed, or uses anything off the whitelist.
    """
    variables = _check_variables(variables)
    tree = _parse(text)
    _check_cost(tree)
    evaluate = _Compiler(variables).compile(tree)
    return _as_function(evaluate, text.strip(), variables)


@functools.lru_cache(maxsize=512)
def as_vector_function(g: Callable[..., jax.Array], n: int) -> Callable[[jax.Array], jax.Array]:
    """Adapt ``g(x1, ..., xn)`` to ``f(p)`` with ``p`` of shape ``(n,)`` (cached: same g, n -> same f)."""

    def f(p: jax.Array) -> jax.Array:
        return g(*(p[i] for i in range(n)))

    f.__name__ = getattr(g, "__name__", "f") + "_vec"
    f.text = getattr(g, "text", None)
    return f


def try_parse(text: str, variables: tuple[str, ...] = ("x",)) -> tuple[Callable | None, str | None]:
    """``(function, None)`` for a good formula, ``(None, message)`` for a refused one."""
    try:
        return parse_function(text, tuple(variables)), None
    except ExpressionError as exc:
        return None, str(exc)
