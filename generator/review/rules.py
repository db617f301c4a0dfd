"""The rules for a change (a pull request): what the head may do to the data of the base revision.

Every rule reads the base's registry (a pull request cannot add its own author to an agency) and compares
GitHub logins without regard to case, as GitHub does.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.model import EnteredBy, Loc, Registry, Report
from generator.core.report_files import is_report_file
from generator.core.wording import vn_date
from generator.review.deadlines import deadlines_rewritten
from generator.review.git import Change, Commit

LEDGER = "tasks.yaml"


@dataclass(frozen=True)
class Context:
    """What the rules know besides the two revisions: who acts, and when."""

    author: str
    teams: tuple[str, ...] = ()
    today: date | None = None  # Vietnam's today: new reports may not be dated after tomorrow
    base_day: date | None = None  # the base commit's day in Vietnam: new reports may not be dated before it
    commits: tuple[Commit, ...] = ()  # the change's commits, each author held to the same rules as the opener


def _folded(names: tuple[str, ...]) -> set[str]:
    return {name.lower() for name in names}


def _allowed(accounts: tuple[str, ...], login: str, teams: tuple[str, ...]) -> bool:
    folded = _folded(accounts)
    return login.lower() in folded or any(team.lower() in folded for team in teams)


def is_maintainer(registry: Registry, author: str, teams: tuple[str, ...]) -> bool:
    return _allowed(registry.maintainers, author, teams)


def check_change(change: Change, context: Context) -> list[Diagnostic]:
    registry = change.base.registry
    maintainer = is_maintainer(registry, context.author, context.teams)
    found = list(_merged_reports_touched(change))
    if not maintainer:
        found += _outside_ledger(change.changed_paths, change.base_paths, context.author)
    kept, new = split_reports(change.base.reports, change.head.reports)
    if change.head.ledger_read:  # else its problem says why no report of it is known, not that each was deleted
        found += kept
    if not maintainer:
        found += _not_own(new, registry, context.author, context.teams)
    found += _dates(new, context, maintainer)
    found += _commit_authors(new, change, registry, context)
    found += _team_warning(registry, context)
    found += deadlines_rewritten(change.base, change.head)
    return found


def is_new_report(path: str, base_paths: frozenset[str]) -> bool:
    """A report file this change adds: what an agency's pull request may hold, besides the ledger."""
    return is_report_file(path) and path not in base_paths


def _merged_reports_touched(change: Change) -> Iterator[Diagnostic]:
    """A report file of the base revision is never modified, renamed or deleted, by anyone."""
    for path in change.changed_paths:
        if is_report_file(path) and path in change.base_paths:
            yield Diagnostic(
                path,
                1,
                1,
                "P020",
                f"Tệp báo cáo `{path}` đã được hợp nhất nên không được sửa, đổi tên hay xóa. Muốn đính chính thì gửi "
                "một báo cáo mới (tệp mới); báo cáo cũ vẫn được giữ trong lịch sử.",
            )


def _outside_ledger(paths: tuple[str, ...], base_paths: frozenset[str], author: str) -> Iterator[Diagnostic]:
    for path in paths:
        if path != LEDGER and not is_new_report(path, base_paths):
            yield Diagnostic(
                path,
                1,
                1,
                "P003",
                f"`{author}` không phải cán bộ Văn phòng (maintainers) nên chỉ được thêm tệp báo cáo mới; "
                f"thay đổi `{path}` cần Văn phòng UBND tỉnh thực hiện.",
            )


def report_content(report: Report) -> tuple[object, ...]:
    """A report without its position: what must stay the same from one revision to the next."""
    return (
        report.task,
        report.agency,
        report.date,
        report.status,
        report.completed,
        report.note,
        report.blocked,
        report.difficulties,
        report.proposals,
        report.evidence,
        report.entered_by,
        report.recorded,
        report.extension_request,
    )


def split_reports(base: tuple[Report, ...], head: tuple[Report, ...]) -> tuple[list[Diagnostic], list[Report]]:
    """Match the base reports, in order, inside the head's; what is missing was deleted or rewritten."""
    if head[: len(base)] == base:  # reports only appended, as the rules ask: nothing to search for
        return [], list(head[len(base) :])
    positions: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, report in enumerate(head):
        positions[report_content(report)].append(i)
    lost, used, cursor = [], set(), 0
    for report in base:
        candidates = positions.get(report_content(report), [])
        k = bisect_left(candidates, cursor)
        if k == len(candidates):
            if not is_report_file(report.loc.file):  # a report file's own rule (P020) names the file
                lost.append(_lost(report, head[cursor] if cursor < len(head) else None))
            continue
        used.add(candidates[k])
        cursor = candidates[k] + 1
    return lost, [r for i, r in enumerate(head) if i not in used]


def _lost(report: Report, near: Report | None) -> Diagnostic:
    where = near.loc if near else Loc(LEDGER, 1)
    return Diagnostic(
        LEDGER,
        where.line,
        1,
        "P001",
        f"Báo cáo cũ (dòng {report.loc.line} ở nhánh gốc: {report.agency}, {report.task}, ngày "
        f"{vn_date(report.date)}) đã bị xóa hoặc sửa. Không sửa, không xóa báo cáo đã có; "
        "muốn đính chính thì thêm một báo cáo mới ở cuối tệp.",
    )


def _not_own(new: list[Report], registry: Registry, author: str, teams: tuple[str, ...]) -> Iterator[Diagnostic]:
    for report in new:
        agency = registry.agencies.get(report.agency)
        if _allowed(agency.github if agency else (), author, teams):
            continue
        yield _at(
            report,
            "P002",
            f"Tài khoản GitHub `{author}` không thuộc đơn vị `{report.agency}` nên không được báo cáo nhiệm vụ "
            f"`{report.task}` thay đơn vị này. Chỉ báo cáo nhiệm vụ của đơn vị mình; nếu bạn là cán bộ của "
            "đơn vị, đề nghị Văn phòng thêm tài khoản vào `github:` của đơn vị trong agencies.yaml.",
        )


def _at(report: Report, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(report.loc.file, report.loc.line, report.loc.col, code, message, severity)


# -- when a report was made ---------------------------------------------------------------------------------


def _dates(new: list[Report], context: Context, maintainer: bool) -> Iterator[Diagnostic]:
    """A new report is dated the day it is made: not before the base commit, not after tomorrow (Vietnam), and
    says what was done. Only the Office may enter a late paper report, marked `entered_by: office` with the day it
    was entered (`recorded:`), which is then the day held to those bounds."""
    for report in new:
        yield from _office_entry(report, maintainer)
        if not (report.note or "").strip():
            yield _at(report, "P008", f"Báo cáo `{report.task}` cần `note:` ghi rõ đã làm được gì; không để trống.")
        yield from _bounds(report, context)


def _office_entry(report: Report, maintainer: bool) -> Iterator[Diagnostic]:
    if report.entered_by is not EnteredBy.OFFICE:
        return
    if not maintainer:
        yield _at(
            report,
            "P007",
            "Chỉ Văn phòng (maintainers) được ghi `entered_by: office`; đơn vị tự báo cáo thì bỏ dòng này và "
            "ghi ngày hôm nay vào `date:`.",
        )
    if report.recorded is None:
        yield _at(report, "P007", "Báo cáo do Văn phòng nhập cần `recorded:` là ngày nhập vào sổ (hôm nay).")


def _bounds(report: Report, context: Context) -> Iterator[Diagnostic]:
    entered = report.recorded_on if report.entered_by is EnteredBy.OFFICE else report.date
    if context.base_day and entered < context.base_day:
        yield _at(
            report,
            "P005",
            f"Ngày báo cáo {vn_date(entered)} trước ngày của bản gốc ({vn_date(context.base_day)}): báo cáo "
            "mới ghi ngày lập báo cáo, tức là hôm nay. Việc đã xong từ trước thì ghi ngày đó vào `completed:`; "
            "báo cáo giấy nộp muộn do Văn phòng nhập (`entered_by: office`).",
        )
    latest = context.today + timedelta(days=1) if context.today else None
    for label, day in (("báo cáo", report.date), ("ghi vào sổ", report.recorded)):
        if latest and day and day > latest:
            yield _at(
                report,
                "P006",
                f"Ngày {label} {vn_date(day)} sau ngày mai ({vn_date(latest)}, giờ Việt Nam): không báo cáo "
                "trước. Ghi ngày hôm nay, và chỉ báo cáo việc đã làm.",
            )


# -- who made the change ------------------------------------------------------------------------------------


def _commit_authors(new: list[Report], change: Change, registry: Registry, context: Context) -> Iterator[Diagnostic]:
    """Every commit's author is held to the opener's rules: a commit by another agency's member into this pull
    request (or by a non-maintainer into the Office's) would otherwise pass as the opener's. Commits whose author
    GitHub does not name are left alone."""
    agencies = sorted({r.agency for r in new})
    outside = sorted(p for p in change.changed_paths if p != LEDGER and not is_new_report(p, change.base_paths))
    for commit in context.commits:
        login = commit.login
        if login is None or login == context.author.lower() or is_maintainer(registry, login, ()):
            continue
        if outside:
            yield Diagnostic(
                outside[0],
                1,
                1,
                "P009",
                f"Commit {commit.sha[:10]} do tài khoản `{login}` tạo, không phải cán bộ Văn phòng, trong một thay "
                f"đổi ngoài {LEDGER} (`{outside[0]}`). Chỉ Văn phòng được sửa văn bản và danh mục.",
            )
        for agency_id in agencies:
            agency = registry.agencies.get(agency_id)
            if not _allowed(agency.github if agency else (), login, ()):
                yield Diagnostic(
                    LEDGER,
                    1,
                    1,
                    "P009",
                    f"Commit {commit.sha[:10]} do tài khoản `{login}` tạo, không thuộc đơn vị `{agency_id}` mà "
                    "pull request này báo cáo. Mỗi pull request chỉ gồm commit của cán bộ đơn vị đó (hoặc của "
                    "Văn phòng); hãy tạo pull request riêng cho đơn vị của bạn.",
                )


def _team_warning(registry: Registry, context: Context) -> Iterator[Diagnostic]:
    """Teams (`org/team`) match only when `--team` says which the author is in; the workflow's token cannot read
    team membership, so in CI they never match: say so, once."""
    if context.teams:
        return
    entries = [*registry.maintainers, *(name for a in registry.agencies.values() for name in a.github)]
    teams = sorted({name for name in entries if "/" in name})
    if teams:
        yield Diagnostic(
            "agencies.yaml",
            1,
            1,
            "P010",
            f"Có {len(teams)} nhóm GitHub (`org/team`, ví dụ `{teams[0]}`) trong agencies.yaml, nhưng không có "
            "`--team` nào: khi kiểm tra pull request chỉ tài khoản (login) được so khớp. Hãy ghi tài khoản của "
            "từng người vào `github:` hoặc `maintainers:`.",
            Severity.WARNING,
        )
