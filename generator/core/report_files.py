"""One file per report: where a report lives, what its file says, and the rule that the two agree.

`reports/<task key>/<date>-<agency>-<stamp>.yaml`, e.g.
`reports/kon-tum-phong-chong-xam-hai-tre-em/2.5/2026-11-22-kon-tum-so-y-te-153012-7f3a.yaml`.

The task key, the date and the agency are in the path, so two agencies reporting at once, or one agency on two
tasks, never write the same file, and git merges their pull requests without a conflict. The stamp (time of day in
Vietnam and four random hex digits) keeps apart two reports of one agency on one task and day. The same fields are
in the file, so a file read alone says what it is; `path_problems` refuses a file whose path and content disagree.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from generator.core.diagnostics import Diagnostic
from generator.core.model import Report

FOLDER = "reports"
SUFFIX = ".yaml"
_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<agency>[a-z0-9-]+?)-(?P<stamp>\d{6}-[0-9a-f]{4})$")
HEADER = (
    "# Báo cáo tiến độ: một tệp cho mỗi báo cáo; không sửa, không xóa, không đổi tên sau khi đã hợp nhất.\n"
    "# Xem FORMAT.md và docs/huong-dan-bao-cao.md.\n"
)


def stamp(now: datetime) -> str:
    """The part of a report's file name that keeps apart two reports of one agency on one task and day."""
    return f"{now:%H%M%S}-{secrets.token_hex(2)}"


def report_path(task: str, day: str, agency: str, file_stamp: str) -> str:
    """The repository path of a report (POSIX, relative to the repository's root)."""
    return f"{FOLDER}/{task}/{day}-{agency}-{file_stamp}{SUFFIX}"


def is_report_file(name: str) -> bool:
    return name.startswith(f"{FOLDER}/") and name.endswith(SUFFIX)


def path_problems(report: Report) -> list[Diagnostic]:
    """R020 if the report is of a report file whose path does not say what its content says: a problem of the file
    alone, found where the file is read (`load`), by whichever process reads it."""
    if not is_report_file(report.loc.file):
        return []
    folder, _, name = report.loc.file.rpartition("/")  # a repository path: POSIX, `reports/` first
    task = folder.partition("/")[2]
    named = _NAME.match(name.removesuffix(SUFFIX))
    day = report.date.isoformat()
    if named is not None and task == report.task and named["date"] == day and named["agency"] == report.agency:
        return []  # 85,000 times at 20,000 tasks: nothing more is made for a file that is right
    expected = f"{day}-{report.agency}-HHMMSS-xxxx{SUFFIX}"
    if named is None or task != report.task:
        wrong = f"đường dẫn phải là `{FOLDER}/{report.task}/{expected}`"
    else:
        wrong = f"tên tệp phải là `{expected}` (ngày báo cáo và mã đơn vị như trong tệp)"
    message = (
        f"Tên tệp báo cáo không khớp nội dung: {wrong}. Hãy tạo báo cáo bằng biểu mẫu trên trang hoặc "
        "`tracker report`, để tên tệp được đặt đúng."
    )
    return [Diagnostic(report.loc.file, report.loc.line, report.loc.col, "R020", message)]
