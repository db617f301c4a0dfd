"""`tracker intake`: a report filed with the reporting issue form becomes a pull request that adds its file.

Runs in a trusted job, from the default branch's code, on `issues` events: the issue is read only as data (its
body is parsed, never executed), checked with the same rules as a pull request (the reporter must be listed for
the agency; the report must pass `tracker check`; its date must lie between the day the issue was opened and
tomorrow), and answered in the issue in Vietnamese. A pull request opened with the default `GITHUB_TOKEN` starts
no workflow, so this job's own check is set as the pull request's commit status (`CHECK`), which branch
protection requires; when the Office has chosen `auto_merge_reports`, this job then merges it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from generator.core.checks import check_reports, check_repository
from generator.core.clock import VIETNAM
from generator.core.diagnostics import Severity
from generator.core.ledger import render_report_file
from generator.core.markup import inert
from generator.core.model import Registry
from generator.core.parse import parse_document, parse_report_file
from generator.core.report_files import path_problems, report_path, stamp
from generator.core.wording import vn_date
from generator.review.github import Client
from generator.review.issue_form import form_labels, read_issue

LABEL = "bao-cao"
CHECK = "tracker / báo cáo qua issue"


@dataclass(frozen=True)
class Filed:
    path: str | None  # the report file, when the report is accepted
    text: str  # its YAML
    problems: list[str]  # in Vietnamese, for the reporter
    auto_merge: bool = False  # the Office's choice in agencies.yaml


def may_report(registry: Registry, login: str, agency_id: str) -> bool:
    """A listed account of the agency, or a maintainer; logins compared as GitHub does, without case."""
    login = login.lower()
    agency = registry.agencies.get(agency_id)
    allowed = {name.lower() for name in (agency.github if agency else ())} | {m.lower() for m in registry.maintainers}
    return login in allowed


def check_issue(root: Path, body: str, author: str, opened: date, today: date, now: datetime) -> Filed:
    """The report an issue files, checked against the repository at `root` (the default branch)."""
    issue = read_issue(body, form_labels(root))
    if issue.problems:
        return Filed(None, "", issue.problems)
    fields = issue.fields
    dataset, _ = check_repository(root)
    name = report_path(str(fields["task"]), fields["date"].isoformat(), str(fields["agency"]), stamp(now))
    text = render_report_file(fields)
    report, found = parse_document(text, name, parse_report_file)
    problems = [p for p in found if p.severity is Severity.ERROR]
    if report is not None:
        known = replace(dataset, reports=(*dataset.reports, report))
        problems += [p for p in check_reports(known) if p.file == name] + path_problems(report)
    said = [f"`{p.code}` {p.message}" for p in problems]
    if not may_report(dataset.registry, author, str(fields["agency"])):
        said.append(
            f"Tài khoản `{author}` không có trong danh sách tài khoản của đơn vị `{fields['agency']}` "
            "(mục `github:` trong agencies.yaml), nên không báo cáo thay đơn vị này được. Nếu bạn là cán bộ của "
            "đơn vị, đề nghị Văn phòng UBND tỉnh thêm tài khoản của bạn."
        )
    day = fields["date"]
    if isinstance(day, date) and not opened <= day <= today + timedelta(days=1):
        said.append(
            f"Ngày báo cáo {vn_date(day)} phải từ ngày mở issue ({vn_date(opened)}) đến ngày mai; báo cáo cũ bị "
            "bỏ sót xin gửi Văn phòng nhập."
        )
    return Filed(None if said else name, text, said, dataset.registry.auto_merge_reports)


def handle(root: Path, event: dict[str, Any], client: Client, today: date, now: datetime, base: str = "main") -> str:
    """Act on one `issues` event; returns what was done, in a line for the job's log."""
    issue = event.get("issue") or {}
    labels = {label.get("name") for label in issue.get("labels", [])}
    if LABEL not in labels or issue.get("pull_request") or issue.get("state") == "closed":
        return "Không phải issue báo cáo đang mở: bỏ qua."
    number, author = int(issue["number"]), str(issue["user"]["login"])
    opened = datetime.fromisoformat(str(issue["created_at"]).replace("Z", "+00:00")).astimezone(VIETNAM).date()
    filed = check_issue(root, str(issue.get("body") or ""), author, opened, today, now)
    if filed.path is None:
        lines = "\n".join(f"- {inert(p)}" for p in filed.problems)
        client.comment(
            number,
            f"Chưa nhận được báo cáo, @{author}: \n\n{lines}\n\nHãy sửa issue này (nút «Edit»): hệ thống kiểm tra lại "
            "ngay, không cần tạo issue mới.",
        )
        return f"Issue #{number}: từ chối ({len(filed.problems)} lỗi)."
    branch = f"bao-cao/issue-{number}"
    main_sha = client.head_of(base)
    if main_sha is None:
        raise RuntimeError(f"không thấy nhánh {base}")
    client.point_branch(branch, main_sha)  # an edited issue files its report anew, on a fresh branch
    head = client.put_file(branch, filed.path, filed.text, f"Báo cáo tiến độ qua issue #{number} (@{author})")
    pull = client.open_pull(branch)
    title = f"Báo cáo tiến độ {filed.path.split('/', 1)[1].rsplit('/', 1)[0]} (@{author}, issue #{number})"
    if pull is None:
        body = (
            f"Báo cáo của @{author} gửi qua issue #{number}, thêm đúng một tệp: `{filed.path}`.\n\n"
            f"Người báo cáo: @{author} (tác giả issue). Closes #{number}"
        )
        pull = client.create_pull(branch, base, title, body)
        client.label(int(pull["number"]), [LABEL])
    client.set_status(head, "success", CHECK, "Báo cáo hợp lệ; người báo cáo thuộc đơn vị.", issue.get("html_url"))
    merged = filed.auto_merge
    if merged:
        client.merge(int(pull["number"]), head, title)
    what = "đã tự hợp nhất (Văn phòng chọn tự hợp nhất báo cáo thường kỳ)" if merged else "chờ Văn phòng duyệt"
    client.comment(
        number,
        f"Đã nhận báo cáo của @{author}: pull request #{pull['number']} thêm tệp `{filed.path}`, {what}.",
    )
    return f"Issue #{number}: pull request #{pull['number']} ({filed.path})."
