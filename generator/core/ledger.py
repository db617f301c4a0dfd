"""`tracker report`: one checked report written as a new file of `reports/` (the ledger's text helpers stay for
the Office, who may still append to `tasks.yaml`)."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.core.checks import check_reports, check_repository
from generator.core.diagnostics import Diagnostic, Severity
from generator.core.parse import REPORT_KEYS, parse_document, parse_report_file
from generator.core.report_files import HEADER as REPORT_FILE_HEADER
from generator.core.report_files import path_problems, report_path, stamp

EVIDENCE_KEYS = ("document", "date", "url", "title")
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
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def render_report(fields: Mapping[str, Any]) -> str:
    """One list item of `reports:`, keys in the documented order, empty optional fields left out."""
    lines: list[str] = []
    for key in REPORT_KEYS:
        value = fields.get(key)
        if value in (None, "", False, [], ()):
            continue
        lead = "  - " if not lines else "    "
        if key == "extension_request":
            lines.append(f"{lead}extension_request:")
            lines += [f"      {k}: {scalar(value[k])}" for k in ("until", "reason") if value.get(k)]
            continue
        if key != "evidence":
            lines.append(f"{lead}{key}: {scalar(value)}")
            continue
        lines.append(f"{lead}evidence:")
        for item in value:
            parts = [(k, item[k]) for k in EVIDENCE_KEYS if item.get(k)]
            for i, (k, v) in enumerate(parts):
                lines.append(("      - " if i == 0 else "        ") + f"{k}: {scalar(v)}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_report_file(fields: Mapping[str, Any]) -> str:
    """A report file: the header, then the report's keys at the top level, in the documented order."""
    item = render_report(fields)
    return REPORT_FILE_HEADER + "".join(line[4:] + "\n" for line in item.splitlines())


def add_report(root: Path, fields: Mapping[str, Any], now: datetime) -> tuple[str | None, list[Diagnostic]]:
    """Check the new report against the repository and write it as a new file of `reports/`.

    Returns the file's path (relative to `root`) when it was written, and the problems of the report."""
    text = render_report_file(fields)
    day = fields["date"].isoformat() if isinstance(fields.get("date"), date) else str(fields.get("date"))
    name = report_path(str(fields.get("task")), day, str(fields.get("agency")), stamp(now))
    report, problems = parse_document(text, name, parse_report_file)
    dataset, _ = check_repository(root)
    if report is not None:
        known = replace(dataset, reports=(*dataset.reports, report))
        problems += [p for p in check_reports(known) if p.file == name]
        problems += path_problems(report)
    mine = [p for p in problems if p.severity is Severity.ERROR]
    if mine:
        return None, mine
    target = root / name
    if target.exists():  # the stamp makes this all but impossible; never overwrite a report
        return None, [Diagnostic(name, 1, 1, "R020", "Đã có tệp báo cáo cùng tên; hãy chạy lại lệnh.")]
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text)
    return name, []
