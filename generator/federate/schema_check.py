"""The open-data contract's schema, checked fast: the rules of a table's entries compiled once into plain Python
checks (some 15 times faster than the general validator, which is kept to explain the first entry that fails).

A province's file holds tens of thousands of entries; the general JSON Schema validator checks them at about 15
microseconds each, these checks at about one. Only the keywords the contract's entry definitions use are compiled;
any other stops with NotImplementedError rather than being guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

import jsonschema

from generator.core import contract


@cache
def validator(major: int) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(contract.schema(major))


_TYPES: dict[str, type] = {"string": str, "null": type(None), "boolean": bool, "array": list, "object": dict}


def predicate(spec: dict[str, Any]) -> Callable[[object], bool]:
    """A check of one value by the keywords of its schema: the subset the contract's row schema uses, each with
    JSON Schema's meaning (a pattern or a length applies to strings only; an integer is not a boolean)."""
    unknown = set(spec) - {"type", "enum", "const", "pattern", "minLength", "minimum", "description"}
    if unknown:  # a keyword this checker does not know: refuse to guess what it means
        raise NotImplementedError(f"row schema keyword {sorted(unknown)}")
    checks: list[Callable[[object], bool]] = []
    if "type" in spec:
        names = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        kinds = tuple(_TYPES[n] for n in names if n != "integer")
        integer = "integer" in names
        checks.append(
            lambda v: (
                (isinstance(v, kinds) and (bool not in kinds or v is True or v is False or type(v) is not int))
                or (integer and type(v) is int)
            )
        )
    if "enum" in spec:
        allowed = frozenset(spec["enum"])
        checks.append(lambda v: isinstance(v, str) and v in allowed)
    if "const" in spec:
        constant = spec["const"]
        checks.append(lambda v: type(v) is type(constant) and v == constant)
    if "pattern" in spec:
        search = re.compile(spec["pattern"]).search
        checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "minLength" in spec:
        low = spec["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= low)
    if "minimum" in spec:
        least = spec["minimum"]
        checks.append(lambda v: type(v) is not int or v >= least)
    return lambda v: all(check(v) for check in checks)


@cache
def row_check(major: int, definition: str) -> Callable[[dict], bool]:
    """Whether an item of an array passes its schema definition: the same rules, some 15 times faster than the
    general validator (which then explains the first item that fails)."""
    row = contract.schema(major)["$defs"][definition]
    required = tuple(row["required"])
    fields = tuple((name, predicate(spec)) for name, spec in row["properties"].items())
    return lambda r: (
        isinstance(r, dict)
        and all(name in r for name in required)
        and all(check(r[name]) for name, check in fields if name in r)
    )


@cache
def definition_validator(major: int, definition: str) -> jsonschema.Draft202012Validator:
    """One definition of the schema on its own, to explain why an entry fails it."""
    defs = contract.schema(major)["$defs"]
    return jsonschema.Draft202012Validator({"$defs": defs, "$ref": f"#/$defs/{definition}"})
