"""A report written in the reporting issue form (.github/ISSUE_TEMPLATE/bao-cao.yml), read back as data.

GitHub renders an issue form's answers as Markdown: `### <label>`, a blank line, the answer (`_No response_`
when left empty). The labels are read from the form itself, so the form and this reader cannot drift apart. The
body is untrusted text: it is only ever parsed, never run, never put into a shell, and every problem found in it
is said back to the reporter in Vietnamese with what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

FORM = Path(".github") / "ISSUE_TEMPLATE" / "bao-cao.yml"
MAX_BODY = 65_536  # GitHub's own limit for an issue body, in characters
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_DAY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
_EMPTY = {"", "_No response_", "None"}
STATUS = {"đang thực hiện": "in_progress", "hoàn thành": "done"}
# What a task key and an agency id may look like before either becomes part of a file's path: checked here, ahead
# of the rules, so that no text from an issue (`../`, `/`, spaces) ever names a path, even one never written.
_TASK_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*){1,2}$")
_AGENCY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class IssueReport:
    fields: dict[str, Any] = field(default_factory=dict)  # the report's fields, as `tracker report` takes them
    problems: list[str] = field(default_factory=list)  # in Vietnamese, one per field that is wrong


def form_labels(root: Path) -> dict[str, str]:
    """Label -> field id of the reporting issue form in the repository at `root`."""
    form = yaml.safe_load((root / FORM).read_text("utf-8"))
    return {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}


def answers(body: str, labels: dict[str, str]) -> dict[str, str]:
    """Field id -> the answer under its heading; headings the form does not have are ignored."""
    found: dict[str, str] = {}
    marks = list(_HEADING.finditer(body))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        key = labels.get(mark.group(1).strip())
        value = body[mark.end() : end].strip()
        if key is not None and key not in found:
            found[key] = "" if value in _EMPTY else value
    return found


def _day(text: str, label: str, problems: list[str]) -> date | None:
    if not text:
        return None
    m = _DAY.match(text)
    if m:
        try:
            return date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
    problems.append(f"«{label}»: `{text[:40]}` không phải ngày hợp lệ; hãy viết ngày/tháng/năm, ví dụ 22/11/2026.")
    return None


def _evidence(text: str, problems: list[str]) -> list[dict[str, object]]:
    items = []
    for n, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        cells = [c.strip() for c in line.strip().strip("-*").split("|")] + ["", "", "", ""]
        document, day, url, title = cells[:4]
        item: dict[str, object] = {"document": document, "url": url, "title": title}
        if day:
            item["date"] = _day(day, f"Minh chứng, dòng {n}", problems)
        items.append({k: v for k, v in item.items() if v})
    return items


def read_issue(body: str, labels: dict[str, str]) -> IssueReport:
    """The report an issue's body gives, and what is wrong with it as a form (the rules come after)."""
    result = IssueReport()
    if len(body) > MAX_BODY:
        result.problems.append(f"Nội dung issue quá dài (quá {MAX_BODY} ký tự); hãy rút gọn.")
        return result
    given = answers(body, labels)
    names = {v: k for k, v in labels.items()}
    for required in ("nhiem-vu", "don-vi", "tinh-trang", "ngay-bao-cao", "noi-dung"):
        if not given.get(required):
            result.problems.append(f"Thiếu «{names.get(required, required)}»: hãy điền ô này.")
    status = STATUS.get(given.get("tinh-trang", "").strip().lower())
    if given.get("tinh-trang") and status is None:
        result.problems.append("«Tình trạng» phải là «Đang thực hiện» hoặc «Hoàn thành».")
    day = _day(given.get("ngay-bao-cao", ""), names.get("ngay-bao-cao", "Ngày báo cáo"), result.problems)
    completed = _day(given.get("ngay-hoan-thanh", ""), names.get("ngay-hoan-thanh", "Ngày hoàn thành"), result.problems)
    until = _day(given.get("gia-han", ""), names.get("gia-han", "Đề nghị gia hạn đến ngày"), result.problems)
    difficulties = given.get("kho-khan") or None
    result.fields = {
        "task": given.get("nhiem-vu", "").strip().strip("`"),
        "agency": given.get("don-vi", "").strip().strip("`"),
        "date": day,
        "status": status,
        "completed": completed if status == "done" else None,
        "note": given.get("noi-dung") or None,
        "blocked": difficulties is not None,
        "difficulties": difficulties,
        "proposals": given.get("de-xuat") or None,
        "evidence": _evidence(given.get("minh-chung", ""), result.problems),
        "extension_request": {"until": until, "reason": given.get("ly-do-gia-han") or None} if until else None,
    }
    if given.get("nhiem-vu") and not _TASK_KEY.match(str(result.fields["task"])):
        result.problems.append(
            "«Mã nhiệm vụ» không đúng dạng: chép mã từ trang của đơn vị, ví dụ kon-tum-phong-chong-xam-hai-tre-em/2.5."
        )
    if given.get("don-vi") and not _AGENCY_ID.match(str(result.fields["agency"])):
        result.problems.append("«Mã đơn vị» không đúng dạng: chữ thường không dấu nối bằng -, ví dụ kon-tum-so-y-te.")
    if given.get("ngay-hoan-thanh") and status != "done":
        result.problems.append("«Ngày hoàn thành» chỉ điền khi tình trạng là «Hoàn thành».")
    return result
