"""FORMAT.md documents the open-data contract the code writes and reads: its example passes the schema, and every
key of the schema is in its tables."""

from __future__ import annotations

import json
import re

import jsonschema

from generator.core import contract

from conftest import REPO


def section() -> str:
    text = (REPO / "FORMAT.md").read_text("utf-8")
    return text.split("## Open data: the `tasks.json` contract", 1)[1].split("\n## ", 1)[0]


def test_the_documented_example_follows_the_schema():
    example = json.loads(re.search(r"```json\n(.*?)```", section(), re.S).group(1))
    jsonschema.Draft202012Validator(contract.schema()).validate(example)
    assert f"(version {contract.VERSION})" in (REPO / "FORMAT.md").read_text("utf-8")


def test_every_key_and_value_of_the_schema_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", section(), re.M))
    names = {name for pair in documented for name in pair if name}
    schema = contract.schema()
    assert set(schema["properties"]) <= names
    assert set(schema["$defs"]) == {"directive", "agency", "task", "row"}
    for definition in schema["$defs"].values():
        values = [spec["title"] for spec in definition["prefixItems"]]
        assert set(values) <= names
        assert definition["minItems"] == len(values)  # "a value for every field"


def test_version_4_follows_version_3_value_for_value():
    """An entry of version 4 is version 3's object as an array: the same fields in the order `fields` names, each
    value under the same rule (the reader checks version 4's entries by version 3's definitions)."""
    v3, v4 = contract.schema(3), contract.schema(4)
    for table, definition in contract.TABLES.items():
        named = v4["properties"]["fields"]["properties"][table]["prefixItems"]
        assert (
            [n["const"] for n in named] == list(contract.fields(table)) == list(v3["$defs"][definition]["properties"])
        )
        for spec, (name, old) in zip(
            v4["$defs"][definition]["prefixItems"], v3["$defs"][definition]["properties"].items(), strict=True
        ):
            assert {k: v for k, v in spec.items() if k != "title"} == old and spec["title"] == name
    for vocabulary in (contract.STATUSES, contract.ROLES, contract.KINDS):
        assert all(f"`{value}`" in section() for value in vocabulary)


def test_the_documented_example_joined_is_a_version_2_document():
    """What FORMAT.md says of version 2: a row of 3 joined with its task, agency and directive, plus status_label
    and as_of. The joined example must pass the schema version 2 was published with."""
    example = json.loads(re.search(r"```json\n(.*?)```", section(), re.S).group(1))
    rows = list(contract.joined_rows(example))
    old = {**{k: example[k] for k in ("contract", "as_of", "site_url", "schema")}, "version": "2.0"}
    jsonschema.Draft202012Validator(contract.schema(2)).validate({**old, "row_count": len(rows), "rows": rows})
    assert set(rows[0]) == set(contract.schema(2)["$defs"]["row"]["properties"])


def test_the_configuration_in_the_readme_is_valid(tmp_path):
    from generator.federate.config import load_federation

    readme = (REPO / "README.md").read_text("utf-8")
    example = re.search(r"```yaml\n(# federation.yaml\n.*?)```", readme, re.S).group(1)
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    (tmp_path / "federation.yaml").write_text(example, "utf-8")
    federation, problems = load_federation(tmp_path / "federation.yaml")
    assert problems == []
    assert federation.provinces[0].data_url == "https://ubnd-gialai.github.io/nhiem-vu/data/tasks.json"
    assert (federation.stale_after_days, federation.overdue_per_province, federation.max_bytes) == (7, 50, 512 * 2**20)
