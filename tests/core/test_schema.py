"""The JSON Schemas editors read: valid, in step with the parser, and referenced from every data file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.core import parse

from conftest import DEMO, REPO

SCHEMAS = REPO / "schemas"


class _TextDates(yaml.SafeLoader):
    """Dates stay text, as the editor's YAML server sees them."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


def data_files(root: Path) -> list[tuple[Path, str]]:
    files = [(root / "agencies.yaml", "agencies"), (root / "tasks.yaml", "tasks")]
    return files + [(path, "directive") for path in sorted((root / "directives").glob("*.yaml"))]


ALL_FILES = data_files(REPO) + data_files(DEMO)


@pytest.mark.parametrize("name", ["agencies", "directive", "tasks", "report"])
def test_schemas_are_valid(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize(("path", "name"), ALL_FILES, ids=[str(p.relative_to(REPO)) for p, _ in ALL_FILES])
def test_data_files_follow_their_schema_and_reference_it(path, name):
    text = path.read_text("utf-8")
    jsonschema.validate(yaml.load(text, Loader=_TextDates), schema(name))
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMAS / f"{name}.schema.json"


def properties(node: dict) -> set[str]:
    return set(node["properties"])


def test_schema_keys_are_the_parsers_keys():
    directive, registry, ledger = schema("directive"), schema("agencies"), schema("tasks")
    section = directive["properties"]["sections"]["items"]
    assert properties(directive) == set(parse.DIRECTIVE_KEYS)
    assert properties(section) == set(parse.SECTION_KEYS)
    assert properties(section["properties"]["tasks"]["items"]) == set(parse.TASK_KEYS)
    assert properties(registry["properties"]["agencies"]["items"]) == set(parse.AGENCY_KEYS)
    assert properties(registry["properties"]["groups"]["items"]) == set(parse.GROUP_KEYS)
    assert properties(ledger["properties"]["reports"]["items"]) == set(parse.REPORT_KEYS)


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("tasks", {"reports": [{"task": "d/1", "agency": "a", "date": "2025-05-01", "status": "xong"}]}),
        ("tasks", {"reports": [{"task": "d/1", "agency": "a", "date": "15/5/2025", "status": "done"}]}),
        (
            "directive",
            {
                "id": "d",
                "issuer": "x",
                "summary": "y",
                "sections": [{"tasks": [{"id": "1", "text": "t", "deadlne": "2025-05-01"}]}],
            },
        ),
        ("agencies", {"agencies": [{"id": "a", "name": "A", "kind": "so"}]}),
    ],
)
def test_schemas_reject_common_mistakes(name, document):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(name))


def test_a_report_file_follows_the_report_schema_which_is_the_ledgers_item():
    from datetime import date

    from generator.core.ledger import render_report_file

    fields = {"task": "demo-ke-hoach/1.2", "agency": "demo-so-a", "date": date(2025, 6, 2), "status": "done"}
    fields |= {"note": "Xong: đã nộp.", "evidence": [{"document": "5/BC", "url": "https://example.org/5.pdf"}]}
    jsonschema.validate(yaml.load(render_report_file(fields), Loader=_TextDates), schema("report"))
    assert {k: v for k, v in schema("report").items() if k not in ("$schema", "title", "description")} == (
        schema("tasks")["properties"]["reports"]["items"]
    )
