"""The usual one-line bugs, planted in a module's source: each mutant is one edit of one exact source span.

Edits are made on the bytes of the file, at the positions the AST gives, so the rest of the file keeps its
formatting and a mutant prints as the one line it changes. Every mutant is compiled before it is kept: an edit
that does not parse, or that parses to the same tree as the original, is dropped.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

_FLIP = {
    ast.Lt: ("<", "<="),
    ast.LtE: ("<=", "<"),
    ast.Gt: (">", ">="),
    ast.GtE: (">=", ">"),
    ast.Eq: ("==", "!="),
    ast.NotEq: ("!=", "=="),
    ast.In: ("in", "not in"),
    ast.NotIn: ("not in", "in"),
    ast.Is: ("is", "is not"),
    ast.IsNot: ("is not", "is"),
}
_OP_TOKEN = {
    "<": r"<(?!=)",
    "<=": r"<=",
    ">": r">(?!=)",
    ">=": r">=",
    "==": r"==",
    "!=": r"!=",
    "in": r"\bin\b",
    "not in": r"\bnot\s+in\b",
    "is": r"\bis\b(?!\s+not\b)",
    "is not": r"\bis\s+not\b",
}
_PREFIX_CALLS = ("startswith", "endswith", "removeprefix", "removesuffix")
_SMALL_COLLECTION = 8  # a module-level tuple or set of up to this many strings is a rule (which cells, which keys)
_CHAR_SETS = ("frozenset", "set")
NO_MUTATE = "pragma: no mutate"


@dataclass(frozen=True)
class Mutant:
    file: str  # relative to the repository
    line: int
    operator: str  # comparison, boundary, condition, constant, call, return
    description: str  # what was changed into what
    start: int  # byte offsets of the edited span in the file
    end: int
    replacement: bytes
    original_line: str
    mutated_line: str

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement + source[self.end :]

    @property
    def key(self) -> tuple[str, str, str]:
        """What names a mutant across edits of the file: its file and its line before and after (not its number)."""
        return self.file, self.original_line.strip(), self.mutated_line.strip()


class _Source:
    """A module's bytes with AST positions (line, UTF-8 column) turned into byte offsets."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts = [0]
        for match in re.finditer(rb"\n", data):
            self.starts.append(match.end())

    def at(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.at(node.lineno, node.col_offset), self.at(node.end_lineno, node.end_col_offset)

    def text(self, start: int, end: int) -> str:
        return self.data[start:end].decode("utf-8")

    def line_of(self, data: bytes, offset: int) -> str:
        begin = data.rfind(b"\n", 0, offset) + 1
        end = data.find(b"\n", offset)
        return data[begin : end if end >= 0 else len(data)].decode("utf-8")


@dataclass(frozen=True)
class _Edit:
    node: ast.AST
    operator: str
    description: str
    start: int
    end: int
    replacement: str


class _Planter(ast.NodeVisitor):
    """Walks one module and proposes edits; `skip` marks subtrees that are not behaviour (annotations, docs)."""

    def __init__(self, source: _Source) -> None:
        self.src = source
        self.edits: list[_Edit] = []
        self.parents: list[ast.AST] = []

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, ast.JoinedStr):
            return  # inside f-strings positions are unreliable before Python 3.12, and text is not a rule
        method = getattr(self, f"plant_{type(node).__name__}", None)
        if method is not None:
            method(node)
        self.parents.append(node)
        for name, value in ast.iter_fields(node):
            if name in ("annotation", "returns", "decorator_list"):
                continue  # types and decorators are not behaviour a test observes
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    self.visit(child)
        self.parents.pop()

    @property
    def parent(self) -> ast.AST | None:
        return self.parents[-1] if self.parents else None

    def add(self, node: ast.AST, operator: str, description: str, start: int, end: int, replacement: str) -> None:
        self.edits.append(_Edit(node, operator, description, start, end, replacement))

    def replace(self, node: ast.AST, operator: str, replacement: str) -> None:
        start, end = self.src.span(node)
        was = self.src.text(start, end)
        self.add(node, operator, f"`{_short(was)}` → `{_short(replacement)}`", start, end, replacement)

    # -- comparison flipped ----------------------------------------------------------------------------

    def plant_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for i, op in enumerate(node.ops):
            was, now = _FLIP[type(op)]
            begin, end = self.src.span(operands[i])[1], self.src.span(operands[i + 1])[0]
            between = self.src.text(begin, end)
            found = re.search(_OP_TOKEN[was], between)
            if found:
                start = begin + len(between[: found.start()].encode("utf-8"))
                stop = begin + len(between[: found.end()].encode("utf-8"))
                self.add(node, "comparison", f"`{was}` → `{now}`", start, stop, now)

    # -- boundary moved, constant changed --------------------------------------------------------------

    def plant_Constant(self, node: ast.Constant) -> None:
        value, parent = node.value, self.parent
        if isinstance(value, bool):
            self.replace(node, "constant", str(not value))
        elif isinstance(value, int):
            if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.USub):
                return  # -1 is mutated as a whole below
            self.replace(node, "boundary", str(value + 1))
            if self._bounds():
                self.replace(node, "boundary", str(value - 1))
        elif isinstance(value, str) and value and self._compared(node):
            self.replace(node, "constant", '""')
        elif isinstance(value, str) and len(value) > 1 and self._iterated(node):
            self._drop_each_character(node)

    def plant_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) and type(node.operand.value) is int:
            value = -node.operand.value
            self.replace(node, "boundary", str(value + 1))
            self.replace(node, "boundary", str(value - 1))
        elif isinstance(node.op, ast.Not):
            start, end = self.src.span(node.operand)
            self.replace(node, "condition", self.src.text(start, end))

    def _bounds(self) -> bool:
        """Whether the number is a bound (compared with, or an index): moved both ways; other numbers only up."""
        for ancestor in reversed(self.parents):
            if isinstance(ancestor, ast.Compare | ast.Subscript):
                return True
            if isinstance(ancestor, ast.stmt):
                return False
        return False

    def _compared(self, node: ast.Constant) -> bool:
        """A string compared with something: an operand, an item of `x in (…)`, a prefix tested for."""
        parent, grand = self.parent, self.parents[-2] if len(self.parents) > 1 else None
        if isinstance(parent, ast.Compare):
            return True
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute):
            return parent.func.attr in _PREFIX_CALLS and node in parent.args
        return isinstance(parent, ast.Tuple | ast.Set | ast.List) and isinstance(grand, ast.Compare)

    def _iterated(self, node: ast.Constant) -> bool:
        """A string read as a set of characters: `for c in "…"`, `frozenset("…")`."""
        parent = self.parent
        if isinstance(parent, ast.comprehension | ast.For):
            return parent.iter is node
        return isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in _CHAR_SETS

    def _drop_each_character(self, node: ast.Constant) -> None:
        for i, char in enumerate(node.value):
            rest = node.value[:i] + node.value[i + 1 :]
            if char not in rest:
                start, end = self.src.span(node)
                self.add(node, "constant", f"`{char}` dropped from the set", start, end, repr(rest))

    def plant_Tuple(self, node: ast.Tuple | ast.Set | ast.List) -> None:
        """An item left out of a short list of strings that is a rule: `x in ("=", "+")`, a module constant."""
        items = node.elts
        if len(items) < 2 or not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items):
            return
        parent = self.parent
        is_rule = isinstance(parent, ast.Compare) or (
            isinstance(parent, ast.Assign) and len(self.parents) == 2 and len(items) <= _SMALL_COLLECTION
        )
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute):
            is_rule = parent.func.attr in _PREFIX_CALLS
        if not is_rule:
            return
        for i, item in enumerate(items):
            if i + 1 < len(items):
                start, end = self.src.span(item)[0], self.src.span(items[i + 1])[0]
            else:
                start, end = self.src.span(items[i - 1])[1], self.src.span(item)[1]
            self.add(node, "constant", f"{ast.unparse(item)} left out", start, end, "")

    plant_Set = plant_Tuple
    plant_List = plant_Tuple

    # -- condition dropped -----------------------------------------------------------------------------

    def plant_If(self, node: ast.If | ast.IfExp) -> None:
        self.replace(node.test, "condition", "True")
        self.replace(node.test, "condition", "False")

    plant_IfExp = plant_If

    def plant_While(self, node: ast.While) -> None:
        self.replace(node.test, "condition", "False")

    def plant_comprehension(self, node: ast.comprehension) -> None:
        for test in node.ifs:
            self.replace(test, "condition", "True")

    def plant_BoolOp(self, node: ast.BoolOp) -> None:
        was, now = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        for left, right in zip(node.values, node.values[1:], strict=False):
            begin, end = self.src.span(left)[1], self.src.span(right)[0]
            between = self.src.text(begin, end)
            found = re.search(rf"\b{was}\b", between)
            if found:
                start = begin + len(between[: found.start()].encode("utf-8"))
                self.add(node, "condition", f"`{was}` → `{now}`", start, start + len(was), now)

    # -- call removed, return value replaced -----------------------------------------------------------

    def plant_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call | ast.Yield | ast.YieldFrom | ast.Await):
            start, end = self.src.span(node)
            self.add(node, "call", f"`{_short(self.src.text(start, end))}` removed", start, end, "pass")

    def plant_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is not None and not (isinstance(value, ast.Constant) and value.value is None):
            self.replace(value, "return", "None")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _docstrings(tree: ast.Module) -> set[ast.AST]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(body[0].value)
    return found


def mutants_of(file: str, data: bytes) -> Iterator[Mutant]:
    """Every mutant of one module, in the order of the source."""
    tree = ast.parse(data)
    source = _Source(data)
    planter = _Planter(source)
    planter.visit(tree)
    skipped = _docstrings(tree)
    original = ast.dump(tree)
    seen: set[tuple[int, int, bytes]] = set()
    for edit in sorted(planter.edits, key=lambda e: (e.start, e.end, e.operator)):
        replacement = edit.replacement.encode("utf-8")
        where = (edit.start, edit.end, replacement)
        line = source.line_of(data, edit.start)
        if edit.node in skipped or NO_MUTATE in line or where in seen:
            continue
        seen.add(where)
        mutated = data[: edit.start] + replacement + data[edit.end :]
        try:
            if ast.dump(ast.parse(mutated)) == original:
                continue
        except SyntaxError:
            continue
        number = data.count(b"\n", 0, edit.start) + 1
        yield Mutant(
            file,
            number,
            edit.operator,
            edit.description,
            edit.start,
            edit.end,
            replacement,
            line,
            source.line_of(mutated, edit.start),
        )
