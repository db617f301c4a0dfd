"""`tracker import`: a draft directive file from a directive's text, PDF or Word file.

files → `extract` (located lines, footnotes apart) → `draft` (the directive's parts) → the `draft.yaml.j2` template.
The draft is checked as `tracker check` would check it before it is written.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.core.checks import check_directives
from generator.core.diagnostics import Diagnostic
from generator.core.markup import environment
from generator.core.model import Registry
from generator.core.parse import parse_directive, parse_document
from generator.importer.draft import Draft, draft_id, read_draft
from generator.importer.extract import extract

TODO = "# CẦN BỔ SUNG"  # how the draft marks what a person must finish (templates/draft.yaml.j2)


@dataclass(frozen=True)
class Imported:
    id: str
    text: str  # the draft file
    draft: Draft
    problems: list[Diagnostic]  # what `tracker check` says of it

    @property
    def todo(self) -> int:
        """How many places a person must finish."""
        return self.text.count(TODO)


def import_directive(
    source: Path, target_dir: Path, registry: Registry, province: str | None = None, directive_id: str | None = None
) -> Imported:
    draft = read_draft(extract(source), registry, province)
    did = directive_id or draft_id(draft, source.stem)
    if draft.issuer is None and draft.province:
        draft.issuer = (f"Ủy ban nhân dân tỉnh {draft.province}", "theo tỉnh của các cơ quan; kiểm tra lại")
    env = environment("generator.importer", y=_yaml_scalar)
    text = env.get_template("draft.yaml.j2").render(
        id=did,
        draft=draft,
        source=_relative(source, target_dir),
        source_name=source.name,
    )
    name = f"directives/{did}.yaml"
    directive, problems = parse_document(text, name, parse_directive)
    if directive is not None:
        problems += list(check_directives([directive], registry))
    return Imported(did, text, draft, problems)


_VERDICTS = {
    "report": "là một báo cáo (tình hình, kết quả thực hiện), không giao nhiệm vụ",
    "no-task": "không giao nhiệm vụ nào cho một cơ quan, đơn vị (không tìm thấy câu giao việc)",
}


def not_a_directive(name: str, verdict: str) -> str:
    """What `tracker import` says of a text it will not draft (exit code 2)."""
    return (
        f"{name} {_VERDICTS[verdict]}: không viết bản nháp. Nếu văn bản có giao việc mà không đọc được, "
        "hãy nhập các nhiệm vụ bằng tay (xem FORMAT.md)."
    )


def _yaml_scalar(value: object) -> str:
    """A scalar as YAML: JSON's quoting is YAML's, so no text can break the file."""
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _relative(source: Path, target_dir: Path) -> str:
    try:
        return Path(os.path.relpath(source.resolve(), target_dir.resolve())).as_posix()
    except ValueError:  # another drive
        return source.name
