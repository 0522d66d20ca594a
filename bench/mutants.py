"""The mutants of one module: small AST changes a good test suite notices (issue 16).

Operators (each mutant is one change; the module is written back with ``ast.unparse``, so the
mutated file is always valid Python, without its comments):

- ``comparison``: ``<`` ↔ ``>=``, ``>`` ↔ ``<=``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``,
  ``is`` ↔ ``is not``;
- ``boolean``: ``and`` ↔ ``or``;
- ``constant``: numbers ±1, strings emptied or changed, ``True`` ↔ ``False``, ``None`` → ``''``;
- ``return``: ``return x`` → ``return None``;
- ``statement``: a statement inside a function replaced by ``pass`` (not a ``return x``, which
  ``return`` covers, nor definitions, imports or docstrings);
- ``bound``: slice and ``range`` ends and integer subscripts shifted by one.

Docstrings and annotations are never mutated (neither changes what the code does).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, replace

FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.GtE,
    ast.GtE: ast.Lt,
    ast.Gt: ast.LtE,
    ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
KEPT_STATEMENTS = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Import,
    ast.ImportFrom,
    ast.Pass,
    ast.Global,
    ast.Nonlocal,
)
BODIES = ("body", "orelse", "finalbody")


@dataclass(frozen=True)
class Mutant:
    """One change: the node (by its place in ``ast.walk`` order), the operator and variant."""

    index: int
    operator: str
    variant: int
    line: int
    function: str
    original: str
    mutated: str
    context: str = ""  # for a constant or a bound: the expression around it
    repeat: int = 0  # how many earlier mutants of the module have the same key

    @property
    def key(self) -> str:
        """Names the mutant independently of line numbers (for the list of equivalent ones)."""
        where = f" in {self.context}" if self.context else ""
        again = f" #{self.repeat + 1}" if self.repeat else ""
        return f"{self.function}: {self.original} -> {self.mutated}{where}{again}"

    def describe(self) -> str:
        where = f"  in `{self.context}`" if self.context else ""
        return (
            f"line {self.line:>4}  {self.operator:<10}  {self.original}  →  {self.mutated}"
            f"{where}  (in {self.function})"
        )


@dataclass
class _Place:
    parent: ast.AST | None
    field: str
    position: int | None  # index in the parent's list field, if it is one
    function: str  # the enclosing function's qualified name, or "<module>"
    in_function: bool = False  # inside a function's body (not a module or class body)


def _places(tree: ast.Module) -> dict[int, _Place]:
    """Each node's parent, field and enclosing function, keyed by ``id(node)``."""
    places: dict[int, _Place] = {id(tree): _Place(None, "", None, "<module>")}

    def visit(node: ast.AST, scope: str, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            scope = node.name if scope == "<module>" else f"{scope}.{node.name}"
            in_function = not isinstance(node, ast.ClassDef)
        for name, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            for position, child in enumerate(children):
                if isinstance(child, ast.AST):
                    where = position if isinstance(value, list) else None
                    places[id(child)] = _Place(node, name, where, scope, in_function)
                    visit(child, scope, in_function)

    visit(tree, "<module>", False)
    return places


def _skipped(tree: ast.Module, places: dict[int, _Place]) -> set[int]:
    """Nodes never mutated: docstrings and annotations, with everything inside them."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                roots.append(body[0])
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            roots.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            roots.append(node.returns)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            roots.append(node)  # a bare string or ``...`` statement
    return {id(inner) for root in roots for inner in ast.walk(root)}


def _is_range_stop(node: ast.AST, place: _Place) -> bool:
    call = place.parent
    if not isinstance(call, ast.Call) or place.field != "args" or call.keywords:
        return False
    if not (isinstance(call.func, ast.Name) and call.func.id == "range"):
        return False
    return place.position == (0 if len(call.args) == 1 else 1)


def _is_bound(node: ast.AST, places: dict[int, _Place]) -> bool:
    """An index, a slice end or a ``range`` stop (a negative literal counts as its number)."""
    place = places[id(node)]
    if isinstance(place.parent, ast.UnaryOp):
        node, place = place.parent, places[id(place.parent)]
    if isinstance(place.parent, ast.Slice) and place.field in ("lower", "upper"):
        return True
    if isinstance(place.parent, ast.Subscript) and place.field == "slice":
        return True
    return _is_range_stop(node, place)


def _returns_none(node: ast.Return) -> bool:
    value = node.value
    return value is None or (isinstance(value, ast.Constant) and value.value is None)


def _candidates(node: ast.AST, places: dict[int, _Place]) -> Iterator[tuple[str, int]]:
    """The (operator, variant) pairs that apply to ``node``."""
    place = places[id(node)]
    if isinstance(node, ast.Compare):
        for variant, op in enumerate(node.ops):
            if type(op) in FLIPS:
                yield "comparison", variant
    elif isinstance(node, ast.BoolOp):
        yield "boolean", 0
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or value is None:
            yield "constant", 0
        elif isinstance(value, int | float):
            kind = "bound" if isinstance(value, int) and _is_bound(node, places) else "constant"
            yield kind, 0
            yield kind, 1
        elif isinstance(value, str):
            if value:
                yield "constant", 0
            yield "constant", 1
    elif isinstance(node, ast.Return) and not _returns_none(node):
        yield "return", 0
    if (
        isinstance(node, ast.stmt)
        and not isinstance(node, KEPT_STATEMENTS)
        and not (isinstance(node, ast.Return) and not _returns_none(node))
        and place.field in BODIES
        and place.in_function
    ):
        yield "statement", 0
    end = isinstance(place.parent, ast.Slice) and place.field in ("lower", "upper")
    literal = isinstance(node, ast.Constant)
    if isinstance(node, ast.expr) and not literal and (end or _is_range_stop(node, place)):
        yield "bound", 0
        yield "bound", 1


def _apply(node: ast.AST, place: _Place, operator: str, variant: int) -> ast.AST:
    """Change ``node`` in place (or in its parent); return the node to show as the mutant."""
    if operator == "comparison":
        assert isinstance(node, ast.Compare)
        node.ops[variant] = FLIPS[type(node.ops[variant])]()
        return node
    if operator == "boolean":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return node
    if operator == "return":
        assert isinstance(node, ast.Return)
        node.value = ast.Constant(None)
        return node
    if operator == "statement":
        replacement = ast.copy_location(ast.Pass(), node)
        getattr(place.parent, place.field)[place.position] = replacement
        return replacement
    if isinstance(node, ast.Constant):
        node.value = _changed(node.value, variant)
        return node
    # a bound that is not a literal: ``end`` -> ``end + 1`` / ``end - 1``
    op = ast.Add() if variant == 0 else ast.Sub()
    shifted = ast.copy_location(ast.BinOp(node, op, ast.Constant(1)), node)
    parent = place.parent
    if place.position is None:
        setattr(parent, place.field, shifted)
    else:
        getattr(parent, place.field)[place.position] = shifted
    return shifted


def _changed(value: object, variant: int) -> object:
    if isinstance(value, bool):
        return not value
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value + 1 if variant == 0 else value - 1
    assert isinstance(value, str)
    return "" if variant == 0 else value + "XX"


def _shown(node: ast.AST) -> str:
    """The code of ``node`` on one line, cut to 70 characters."""
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 70 else text[:67] + "..."


def mutants(source: str) -> list[Mutant]:
    """Every mutant of ``source``, in a stable order."""
    tree = ast.parse(source)
    places = _places(tree)
    skipped = _skipped(tree, places)
    found: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        for operator, variant in _candidates(node, places):
            found.append(
                Mutant(
                    index=index,
                    operator=operator,
                    variant=variant,
                    line=getattr(node, "lineno", 0),
                    function=places[id(node)].function,
                    original=_shown(node),
                    mutated=mutated_source(source, index, operator, variant, shown_only=True),
                    context=_context(node, places),
                )
            )
    found.sort(key=lambda m: (m.line, m.index, m.operator, m.variant))
    seen: dict[str, int] = {}
    for number, mutant in enumerate(found):
        repeat = seen.get(mutant.key, 0)
        seen[mutant.key] = repeat + 1
        found[number] = replace(mutant, repeat=repeat)
    return found


def _context(node: ast.AST, places: dict[int, _Place]) -> str:
    """The expression around a constant or a bound (empty for statements and operators)."""
    if not isinstance(node, ast.Constant) and not isinstance(places[id(node)].parent, ast.Slice):
        return ""
    parent = places[id(node)].parent
    while isinstance(parent, ast.UnaryOp | ast.Slice):
        parent = places[id(parent)].parent
    if not isinstance(parent, ast.expr | ast.keyword | ast.arg):
        return ""
    return _shown(parent)


def mutated_source(
    source: str, index: int, operator: str, variant: int, *, shown_only: bool = False
) -> str:
    """The module with one mutant applied (or, with ``shown_only``, the changed code alone)."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    places = _places(tree)
    node = nodes[index]
    shown = _apply(node, places[id(node)], operator, variant)
    ast.fix_missing_locations(tree)
    if shown_only:
        return _shown(shown)
    return ast.unparse(tree) + "\n"


def baseline_source(source: str) -> str:
    """The module as every mutant is written (unparsed, without comments), unchanged."""
    return ast.unparse(ast.parse(source)) + "\n"
