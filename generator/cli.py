"""`tracker`: the one command-line entry point, with a subcommand per job.

One module for the whole command line: each verb parses its arguments, calls one function of a wing and prints
what it returns, so every option and every `--help` text is read in one place.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from generator.core.addresses import site_url
from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import format_all, has_errors
from generator.core.fields import YEARS
from generator.core.settings import TODAY_ENV

if TYPE_CHECKING:
    from generator.core.diagnostics import Diagnostic
    from generator.review.rules import Context


def _today(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{value}` không phải ngày hợp lệ; hãy viết YYYY-MM-DD, ví dụ 2026-11-22."
        ) from None
    if day.year not in YEARS:  # the same years the data may hold; at Python's last year, "30 days ahead" fails
        raise argparse.ArgumentTypeError(f"`{value}`: năm phải từ {YEARS[0]} đến {YEARS[-1]}.")
    return day


def _add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="ngày tính số liệu (mặc định: hôm nay theo giờ Việt Nam, Asia/Ho_Chi_Minh)",
    )


@contextmanager
def _parse_cache(root: Path, enabled: bool = True) -> Iterator[ParseCache | None]:
    """What earlier runs parsed (see `cache`), saved again when the command is done."""
    cache = ParseCache.beside(root) if enabled else None
    yield cache
    if cache is not None:
        cache.save()


def cmd_check(args: argparse.Namespace) -> int:
    # A short run that makes millions of objects and frees them by reference counting: the cycle collector would
    # only walk them again and again.
    gc.disable()
    with _parse_cache(Path(args.root), not args.no_cache) as cache:
        status = _check(args, cache)
    if args.program:
        _end_now(status)
    return status


def _end_now(status: int) -> NoReturn:
    """End the process without freeing what it made, one object at a time: at national size that is millions of
    objects and 0.1 s of a check's 3, for nothing (what the check wrote is flushed, the cache is saved)."""
    with contextlib.suppress(OSError):  # a reader that went away (`tracker check | head`) needs nothing more
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(status)


def _check(args: argparse.Namespace, cache: ParseCache | None) -> int:
    if args.head and not args.base:
        print("--head cần kèm --base REV.", file=sys.stderr)
        return 2
    if args.base:
        return _check_change(args, cache)
    _dataset, diagnostics = check_repository(Path(args.root), cache)
    return _print_check(diagnostics, args.format)


def _check_change(args: argparse.Namespace, cache: ParseCache | None) -> int:
    """The data checks of the head, then the pull-request rules. With `--head` both revisions are read from git
    objects: the pull request's files are data, never a checkout that is run."""
    from generator.review.git import ReviewError, load_change, revision_layout
    from generator.review.rules import check_change

    if not args.author:
        print("--base cần kèm --author LOGIN (tài khoản GitHub của người tạo pull request).", file=sys.stderr)
        return 2
    root = Path(args.root)
    scoped = _check_added_reports(args, root) if args.head else None
    if scoped is not None:
        return _print_check(scoped, args.format)
    if cache is None:  # --no-cache: still parse a file the base and the head share once, in memory only
        cache = ParseCache()
    try:
        head = revision_layout(root, args.head) if args.head else None
        dataset, diagnostics = check_repository(head or root, cache)
        change = load_change(root, args.base, dataset, cache, args.head, head)
        context = _context(args, root)
    except ReviewError as exc:
        print(f"Không đọc được bản gốc `{args.base}` hoặc bản mới `{args.head}`: {exc}", file=sys.stderr)
        return 2
    return _print_check(diagnostics + check_change(change, context), args.format)


def _context(args: argparse.Namespace, root: Path) -> Context:
    from generator.core.clock import vietnam_today
    from generator.review.git import commit_day, commits
    from generator.review.rules import Context

    return Context(
        author=args.author.lstrip("@"),
        teams=tuple(args.team),
        today=args.today or vietnam_today(),
        base_day=commit_day(root, args.base),
        commits=tuple(commits(root, args.base, args.head)) if args.head else (),
    )


def _check_added_reports(args: argparse.Namespace, root: Path) -> list[Diagnostic] | None:
    """A change that only adds reports (report files, or reports appended to the ledger), checked on what they touch
    (`review.scoped`); None for any other change, or a revision git cannot read (the full check then says what is
    wrong)."""
    from generator.review.git import ReviewError
    from generator.review.scoped import check_added_reports

    try:
        return check_added_reports(root, args.base, args.head, _context(args, root))
    except ReviewError:
        return None


def _print_check(diagnostics: list, style: str) -> int:
    if diagnostics or style == "human":
        print(format_all(diagnostics, style))
    return 1 if has_errors(diagnostics) else 0


def _data_is_valid(config: str) -> bool:
    """Check the data beside the MkDocs configuration, printing every problem if there is any error."""
    root = Path(config).resolve().parent
    with _parse_cache(root) as cache:
        _dataset, diagnostics = check_repository(root, cache)
    if has_errors(diagnostics):
        print(format_all(diagnostics), file=sys.stderr)
        print("Không dựng trang: hãy sửa các lỗi trên. Trang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
    return not has_errors(diagnostics)


def cmd_build(args: argparse.Namespace) -> int:
    from generator.mkdocs_plugin.build import BuildFailed, build_site

    _say_today(args.today)
    # The plugin checks the data before MkDocs touches site_dir; its message lists every problem.
    try:
        site, today = build_site(
            Path(args.config), Path(args.site_dir) if args.site_dir else None, strict=not args.no_strict
        )
    except BuildFailed as exc:
        print(f"Dựng trang thất bại: {exc}\nTrang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return 1
    print(f"Đã dựng trang vào {site} (số liệu tính đến {today.isoformat()}).")
    return 0


def _say_today(today: date | None) -> None:
    """`--today` reaches the plugin the one way that also works for `mkdocs serve`, which reads the configuration
    again on every change: the environment, which wins over `today:` in mkdocs.yml (see `resolve_today`)."""
    if today is not None:
        os.environ[TODAY_ENV] = today.isoformat()


def cmd_report(args: argparse.Namespace) -> int:
    from generator.core.clock import VIETNAM, vietnam_today
    from generator.core.ledger import add_report

    if not args.note.strip():
        print("--note không được để trống: ghi rõ đã làm được gì.", file=sys.stderr)
        return 2
    evidence = {"document": args.evidence_document, "url": args.evidence_url, "title": args.evidence_title}
    fields = {
        "task": args.task,
        "agency": args.agency,
        "date": args.date or vietnam_today(),
        "status": args.status,
        "completed": args.completed,
        "note": args.note,
        "blocked": args.blocked,
        "difficulties": args.difficulties,
        "proposals": args.proposals,
        "evidence": [evidence] if any(evidence.values()) else [],
        "entered_by": "office" if args.office else None,
        "recorded": vietnam_today() if args.office else None,
    }
    written, problems = add_report(Path(args.root), fields, datetime.now(VIETNAM))
    if written is None:
        print(format_all(problems), file=sys.stderr)
        print("Chưa ghi báo cáo: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 1
    print(f"Đã ghi báo cáo của {args.agency} cho {args.task} vào tệp mới {written}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.core.load import Layout, load_dataset
    from generator.importer.draft_file import import_directive, not_a_directive
    from generator.importer.extract import ExtractError
    from generator.importer.registry_out import render_entries

    layout = Layout(Path(args.root))
    dataset, problems, _agencies, _groups = load_dataset(layout.root)
    # Only the registry matters to a draft: a repository that has no ledger yet can import its first directive.
    problems = [p for p in problems if p.file == layout.name(layout.agencies)]
    if has_errors(problems):
        print(format_all(problems), file=sys.stderr)
        print("Hãy sửa agencies.yaml trước: bản nháp cần danh mục cơ quan để gán đơn vị.", file=sys.stderr)
        return 1
    try:
        imported = import_directive(Path(args.file), layout.directives, dataset.registry, args.province, args.id)
    except ExtractError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if imported.draft.verdict:  # a report, or a text that gives no one any work: nothing to track
        print(not_a_directive(Path(args.file).name, imported.draft.verdict), file=sys.stderr)
        return 2
    target = Path(args.output) if args.output else layout.directives / f"{imported.id}.yaml"
    if target.exists() and not args.force:
        print(f"{target} đã có; chọn tên khác (--id, --output) hoặc thêm --force để ghi đè.", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(imported.text, encoding="utf-8")
    tasks = sum(len(s.tasks) for s in imported.draft.sections)
    sections = len(imported.draft.sections)
    print(f"Đã viết bản nháp {target}: {sections} mục, {tasks} nhiệm vụ, {imported.todo} chỗ cần bổ sung.")
    if args.registry_out:
        Path(args.registry_out).write_text(render_entries(imported.draft, Path(args.file).name), encoding="utf-8")
        print(f"Đã viết các cơ quan cần thêm vào agencies.yaml: {args.registry_out}")
    if imported.problems:
        print(format_all(imported.problems))
    return 1 if has_errors(imported.problems) else 0


def cmd_remind(args: argparse.Namespace) -> int:
    from generator.core.pipeline import checked_progress
    from generator.core.settings import Settings, SettingsError, resolve_today
    from generator.mkdocs_plugin.config import load_settings
    from generator.remind.digest import Cadence
    from generator.remind.run import Limits, remind

    root = Path(args.root)
    config_file = root / "mkdocs.yml"
    try:
        if config_file.exists():
            settings = load_settings(config_file, args.today)
        else:
            settings = Settings(root.resolve(), resolve_today(args.today, os.environ.get(TODAY_ENV), None))
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.site_url:
        settings = replace(settings, site_url=site_url(args.site_url, {}))
    with _parse_cache(settings.root) as cache:
        checked = checked_progress(settings, cache)
    if checked.progress is None:
        print(format_all(checked.diagnostics), file=sys.stderr)
        print("Không gửi nhắc việc khi dữ liệu còn lỗi.", file=sys.stderr)
        return 1
    cadence = Cadence(tuple(args.before), args.every, args.window, args.escalate_after)
    state = Path(args.state) if args.state else None
    limits = Limits(args.mail_timeout, args.mail_budget)
    outcome = remind(checked.progress, settings, cadence, os.environ, state, args.dry_run, limits)
    print(outcome.text, end="" if args.dry_run else "\n", file=sys.stderr if outcome.code == 2 else sys.stdout)
    return outcome.code


def _days(value: str) -> list[int]:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{value}` phải là các số ngày ngăn bằng dấu phẩy, ví dụ 7,1") from None
    if not days or min(days) < 1:
        raise argparse.ArgumentTypeError("số ngày phải từ 1 trở lên")
    return days


def cmd_changes(args: argparse.Namespace) -> int:
    from generator.review.git import ReviewError, load_change
    from generator.review.summary import summarize

    try:
        # With --head (CI) the cache file is neither read nor written: only the base's code and git feed the job.
        with _parse_cache(Path(args.root), not args.head) as cache:
            change = load_change(Path(args.root), args.base, cache=cache or ParseCache(), head_rev=args.head)
            print(summarize(change), end="")
    except ReviewError as exc:
        print(f"Không đọc được bản gốc `{args.base}`: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from generator.review.codeowners import render_codeowners

    with _parse_cache(Path(args.root)) as cache:
        dataset, diagnostics = check_repository(Path(args.root), cache)
    if has_errors(diagnostics):
        print(format_all(diagnostics), file=sys.stderr)
        return 1
    target = Path(args.root) / ".github" / "CODEOWNERS"
    wanted = render_codeowners(dataset.registry)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != wanted:
            print(f"{target} chưa khớp với agencies.yaml; chạy `tracker codeowners` để tạo lại.", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(f"Đã ghi {target}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.mkdocs_plugin.build import serve_site

    if not _data_is_valid(args.config):
        return 1
    _say_today(args.today)
    serve_site(Path(args.config), args.dev_addr)
    return 0


def cmd_intake(args: argparse.Namespace) -> int:
    import json

    from generator.core.clock import VIETNAM, vietnam_today
    from generator.review.github import Client, GitHubError
    from generator.review.intake import handle

    client = Client.from_env(os.environ)
    if client is None:
        print("Cần GITHUB_TOKEN và GITHUB_REPOSITORY (như trong GitHub Actions).", file=sys.stderr)
        return 2
    event = json.loads(Path(args.event).read_text("utf-8"))
    try:
        said = handle(Path(args.root), event, client, args.today or vietnam_today(), datetime.now(VIETNAM), args.base)
    except GitHubError as exc:
        print(f"Không hoàn tất được: {exc}", file=sys.stderr)
        return 1
    print(said)
    return 0


def cmd_federate(args: argparse.Namespace) -> int:
    from generator.core.clock import vietnam_today
    from generator.federate.run import federate

    return federate(Path(args.config), Path(args.out) if args.out else None, args.today or vietnam_today())


class _VietnameseFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


# argparse's own words, in the order it says them; `%s` parts are kept as they are.
_ARGPARSE_WORDS = (
    (r"the following arguments are required: (.*)", "thiếu tham số bắt buộc: {0}"),
    (r"unrecognized arguments: (.*)", "không hiểu tham số: {0}"),
    (
        r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
        "tham số {0}: lựa chọn không hợp lệ: {1} (chọn một trong: {2})",
    ),
    (r"argument (.*?): invalid (.*?) value: (.*)", "tham số {0}: giá trị không hợp lệ: {2}"),
    (r"argument (.*?): expected one argument", "tham số {0}: cần một giá trị"),
    (r"argument (.*?): expected at least one argument", "tham số {0}: cần ít nhất một giá trị"),
    (r"argument (.*?): not allowed with argument (.*)", "tham số {0}: không dùng được cùng tham số {1}"),
    (r"argument (.*?): ignored explicit argument (.*)", "tham số {0}: không nhận giá trị {1}"),
    (r"argument (.*?): (.*)", "tham số {0}: {1}"),
    (r"ambiguous option: (.*?) could match (.*)", "tùy chọn không rõ: {0} có thể là {1}"),
    (r"one of the arguments (.*) is required", "cần một trong các tham số {0}"),
)


_METAVARS = {
    "root": "THƯ_MỤC",
    "agency": "MÃ_ĐƠN_VỊ",
    "note": "NỘI_DUNG",
    "difficulties": "NỘI_DUNG",
    "proposals": "NỘI_DUNG",
    "evidence_document": "SỐ_HIỆU",
    "evidence_url": "URL",
    "evidence_title": "TÊN",
    "window": "N",
    "every": "N",
    "escalate_after": "N",
    "site_url": "URL",
    "province": "TỈNH",
    "id": "MÃ",
    "output": "TỆP",
    "config": "TỆP",
    "site_dir": "THƯ_MỤC",
    "dev_addr": "ĐỊA_CHỈ",
    "file": "TỆP",
}


class _VietnameseParser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: its headings, usage line, -h and error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _VietnameseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        # Value placeholders in Vietnamese (argparse would print the English option name in capitals).
        dest = kwargs.get("dest") or (args[-1].lstrip("-").replace("-", "_") if args else "")
        if "metavar" not in kwargs and "choices" not in kwargs and kwargs.get("action") is None and dest in _METAVARS:
            kwargs["metavar"] = _METAVARS[dest]
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        for pattern, words in _ARGPARSE_WORDS:
            match = re.fullmatch(pattern, message)
            if match:
                message = words.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def parser() -> argparse.ArgumentParser:
    top = _VietnameseParser(
        prog="tracker",
        description="Theo dõi nhiệm vụ theo văn bản chỉ đạo: kiểm tra dữ liệu, dựng và xem trang.",
        epilog="Mỗi lệnh có --help riêng, ví dụ: tracker check --help.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh")

    check = sub.add_parser("check", help="kiểm tra mọi tệp dữ liệu; báo mọi lỗi kèm tệp và dòng")
    check.add_argument("--root", default=".", help="thư mục kho dữ liệu (chứa agencies.yaml, directives/, tasks.yaml)")
    check.add_argument(
        "--format",
        choices=("human", "github"),
        default="human",
        help="human: tệp:dòng:cột: MÃ thông báo; github: chú thích ::error cho GitHub Actions",
    )
    check.add_argument(
        "--base",
        default=None,
        metavar="REV",
        help="áp dụng thêm các quy tắc của pull request, so với phiên bản git này",
    )
    check.add_argument(
        "--head",
        default=None,
        metavar="REV",
        help="cùng --base: kiểm tra phiên bản git này, chỉ đọc từ đối tượng git (CI: đầu nhánh của pull request)",
    )
    check.add_argument(
        "--author", default=None, metavar="LOGIN", help="tài khoản GitHub của người tạo pull request (cùng --base)"
    )
    check.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="ORG/TEAM",
        help="nhóm mà người tạo thuộc về (ghi được nhiều lần; cùng --base)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=f"đọc lại mọi tệp, không dùng và không ghi {ParseCache.FOLDER}/ (kết quả các lần kiểm tra trước)",
    )
    _add_today(check)
    check.set_defaults(run=cmd_check)

    report = sub.add_parser("report", help="ghi một báo cáo tiến độ đã kiểm tra thành một tệp mới trong reports/")
    report.add_argument("task", metavar="MÃ_NHIỆM_VỤ", help="mã nhiệm vụ, ví dụ kon-tum-phong-chong-xam-hai-tre-em/2.5")
    report.add_argument("--agency", required=True, help="mã đơn vị báo cáo")
    report.add_argument(
        "--status",
        required=True,
        choices=("in_progress", "done"),
        help="in_progress: đang thực hiện; done: hoàn thành",
    )
    report.add_argument("--note", required=True, help="kết quả đã thực hiện")
    report.add_argument(
        "--date",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="ngày báo cáo (mặc định: hôm nay theo giờ Việt Nam)",
    )
    report.add_argument(
        "--completed",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="cùng --status done: ngày hoàn thành (mặc định: ngày báo cáo)",
    )
    report.add_argument("--blocked", action="store_true", help="có khó khăn, vướng mắc")
    report.add_argument(
        "--office",
        action="store_true",
        help="Văn phòng nhập một báo cáo giấy nộp muộn: entered_by: office, recorded: hôm nay (chỉ Văn phòng)",
    )
    report.add_argument("--difficulties", default=None, help="nội dung khó khăn, vướng mắc")
    report.add_argument("--proposals", default=None, help="đề xuất, kiến nghị")
    report.add_argument("--evidence-document", default=None, help="số hiệu văn bản làm minh chứng")
    report.add_argument("--evidence-url", default=None, help="liên kết tới minh chứng (https://…)")
    report.add_argument("--evidence-title", default=None, help="tên minh chứng")
    report.add_argument("--root", default=".", help="thư mục kho dữ liệu")
    report.set_defaults(run=cmd_report)

    remind = sub.add_parser("remind", help="gửi nhắc việc quá hạn và sắp đến hạn (thư điện tử, issue GitHub)")
    remind.add_argument("--root", default=".", help="thư mục kho dữ liệu")
    remind.add_argument("--dry-run", action="store_true", help="chỉ in nội dung nhắc việc; không gửi, không ghi nhớ")
    remind.add_argument("--window", type=int, default=7, help="liệt kê việc đến hạn trong N ngày tới (7)")
    remind.add_argument("--before", type=_days, default=[7, 1], metavar="N,N", help="nhắc trước hạn N ngày (7,1)")
    remind.add_argument("--every", type=int, default=7, help="khi quá hạn, nhắc lại sau mỗi N ngày (7)")
    remind.add_argument(
        "--escalate-after",
        type=int,
        default=14,
        help="quá hạn N ngày: báo thêm cho Văn phòng (người quản trị) (14)",
    )
    remind.add_argument(
        "--site-url", default=None, help="địa chỉ trang đã công bố (mặc định: site_url, hoặc GitHub Pages)"
    )
    remind.add_argument(
        "--state",
        default=None,
        metavar="TỆP",
        help="ghi nhớ thư đã gửi vào tệp này thay vì vào các issue nhắc việc (cần khi gửi thư mà không dùng GitHub)",
    )
    remind.add_argument(
        "--mail-timeout", type=float, default=20, metavar="GIÂY", help="thời hạn cho mỗi thao tác SMTP (20)"
    )
    remind.add_argument(
        "--mail-budget",
        type=float,
        default=300,
        metavar="GIÂY",
        help="tổng thời gian dành cho việc gửi thư; thư chưa gửi sẽ được gửi ở lần chạy sau (300)",
    )
    _add_today(remind)
    remind.set_defaults(run=cmd_remind)

    imp = sub.add_parser(
        "import",
        help="soạn bản nháp tệp văn bản chỉ đạo từ tệp .txt, PDF (có lớp chữ) hoặc Word, để người nhập hoàn thiện",
    )
    imp.add_argument("file", help="văn bản chỉ đạo: .txt, .pdf hoặc .docx")
    imp.add_argument("--root", default=".", help="thư mục kho dữ liệu (đọc agencies.yaml để nhận ra cơ quan)")
    imp.add_argument(
        "--province", help='tỉnh của các cơ quan được nêu trong văn bản, viết như agencies.yaml ("Gia Lai")'
    )
    imp.add_argument("--id", help="mã văn bản (mặc định: theo số hiệu, nếu không có thì theo tên tệp)")
    imp.add_argument("--output", help="nơi ghi bản nháp (mặc định: directives/<mã>.yaml)")
    imp.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")
    imp.add_argument(
        "--registry-out",
        metavar="TỆP",
        help="ghi các mục agencies.yaml cần thêm cho những cơ quan chưa có trong danh mục",
    )
    imp.set_defaults(run=cmd_import)

    intake = sub.add_parser(
        "intake", help="biến một báo cáo gửi bằng biểu mẫu issue thành pull request (dùng trong GitHub Actions)"
    )
    intake.add_argument("--event", required=True, metavar="TỆP", help="sự kiện issues (GITHUB_EVENT_PATH)")
    intake.add_argument("--root", default=".", help="bản sao nhánh mặc định (mã và dữ liệu tin cậy)")
    intake.add_argument("--base", default="main", metavar="NHÁNH", help="nhánh nhận pull request báo cáo (main)")
    _add_today(intake)
    intake.set_defaults(run=cmd_intake)

    changes = sub.add_parser("changes", help="mô tả bằng lời thường một thay đổi làm gì (Markdown, cho CI)")
    changes.add_argument("--root", default=".", help="thư mục kho dữ liệu")
    changes.add_argument("--base", required=True, metavar="REV", help="phiên bản git để so sánh")
    changes.add_argument(
        "--head", default=None, metavar="REV", help="so sánh phiên bản này (mặc định: thư mục làm việc)"
    )
    changes.set_defaults(run=cmd_changes)

    owners = sub.add_parser("codeowners", help="ghi .github/CODEOWNERS theo agencies.yaml")
    owners.add_argument("--root", default=".", help="thư mục kho dữ liệu")
    owners.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp đã khớp chưa")
    owners.set_defaults(run=cmd_codeowners)

    build = sub.add_parser("build", help="kiểm tra, rồi dựng trang vào site/ (nếu có lỗi, trang cũ được giữ nguyên)")
    build.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình MkDocs")
    build.add_argument("--site-dir", default=None, help="thư mục ghi trang (mặc định: site_dir trong cấu hình)")
    build.add_argument("--no-strict", action="store_true", help="không coi cảnh báo của MkDocs là lỗi")
    _add_today(build)
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", help="chạy trang trên máy này, dựng lại khi một tệp YAML được lưu")
    serve.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình MkDocs")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ chạy trang")
    _add_today(serve)
    serve.set_defaults(run=cmd_serve)

    federate = sub.add_parser(
        "federate", help="dựng trang toàn quốc từ dữ liệu mở các tỉnh đã công bố (data/tasks.json)"
    )
    federate.add_argument(
        "--config",
        default="federation.yaml",
        help="danh sách các tỉnh và địa chỉ trang của từng tỉnh (federation.yaml)",
    )
    federate.add_argument("--out", default=None, metavar="THƯ_MỤC", help="thư mục ghi trang (mặc định: site/)")
    _add_today(federate)
    federate.set_defaults(run=cmd_federate)
    for choice in sub._choices_actions:  # each subcommand's --help opens with what it does
        sub.choices[choice.dest].description = choice.help
    return top


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job, `kill`): unwound like Ctrl-C, so every cleanup runs (the build's staging folder,
    its renderer and temp folder) before the process exits."""


def _terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process at once, cleanup or not
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():  # only there can Python handle a signal
        signal.signal(signal.SIGTERM, _terminate)
    args = parser().parse_args(argv)
    args.program = argv is None  # run as the `tracker` program, not called from Python (a test, a hook)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.command == "serve" else logging.WARNING)
    try:
        return args.run(args)
    except Terminated:
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours, not bad data: one line for the user, details on request
        if os.environ.get("TRACKER_DEBUG"):
            raise
        print(
            f"Lỗi nội bộ của tracker ({type(exc).__name__}: {exc}). Hãy báo cho nhóm phát triển; "
            "đặt TRACKER_DEBUG=1 để xem chi tiết.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
