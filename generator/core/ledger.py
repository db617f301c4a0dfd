"""Append one report to the ledger from the command line, keeping every existing byte of the file."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from generator.core.checks import check_reports, check_repository
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.fields import Fields
from generator.core.load import Layout
from generator.core.parse import REPORT_KEYS, parse_ledger
from generator.core.yamlio import load_text

EVIDENCE_KEYS = ("document", "date", "url", "title")
HEADER = (
    "# Sổ theo dõi tiến độ: mỗi báo cáo là một mục mới ở cuối tệp; không sửa, không xóa báo cáo cũ.\n"
    "# Xem FORMAT.md và docs/huong-dan-bao-cao.md.\n"
    "reports:\n"
)
_EMPTY_LIST = re.compile(r"^reports:[ \t]*\[[ \t]*\]", re.M)
_PLAIN = re.compile(r"^[\w./-](?:[\w .,;:()/?=&%+-]*[\w./)])?$")


def scalar(value: object) -> str:
    """A value as YAML that reads back exactly: plain where that is unambiguous, double-quoted otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and ": " not in text and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def render_report(fields: dict) -> str:
    """One list item of `reports:`, keys in the documented order, empty optional fields left out."""
    lines: list[str] = []
    for key in REPORT_KEYS:
        value = fields.get(key)
        if value in (None, "", False, [], ()):
            continue
        lead = "  - " if not lines else "    "
        if key != "evidence":
            lines.append(f"{lead}{key}: {scalar(value)}")
            continue
        lines.append(f"{lead}evidence:")
        for item in value:
            parts = [(k, item[k]) for k in EVIDENCE_KEYS if item.get(k)]
            for i, (k, v) in enumerate(parts):
                lines.append(("      - " if i == 0 else "        ") + f"{k}: {scalar(v)}")
    return "\n".join(lines) + "\n"


def appended(current: str | None, item: str) -> str:
    """The ledger text with the item added at the end; existing text changes only where `reports: []` was."""
    if current is None:
        return HEADER + item
    text = _EMPTY_LIST.sub("reports:", current, count=1)
    if text and not text.endswith("\n"):
        text += "\n"
    return text + item


def write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_report(root: Path, fields: dict) -> list[Diagnostic]:
    """Check the new report against the repository and append it; return the problems if it is refused."""
    layout = Layout(root)
    path = layout.ledger
    current = path.read_text(encoding="utf-8") if path.exists() else None
    candidate = appended(current, render_report(fields))
    first_new_line = candidate.count("\n") - render_report(fields).count("\n") + 1
    name = layout.name(path)
    tree, problems = load_text(candidate, name)
    reader = Fields(name)
    reports = parse_ledger(reader, tree)
    dataset, _ = check_repository(root)
    problems += reader.diagnostics + list(check_reports(replace(dataset, reports=tuple(reports))))
    mine = [p for p in problems if p.file == name and p.line >= first_new_line and p.severity is Severity.ERROR]
    if not mine:
        write_atomically(path, candidate)
    return mine
