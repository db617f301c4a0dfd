"""`tracker`: the one command-line entry point, with a subcommand per job."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.core.addresses import site_url
from generator.core.cache import ParseCache
from generator.core.checks import check_repository
from generator.core.diagnostics import format_all, has_errors
from generator.core.settings import TODAY_ENV


def _today(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"`{value}` không phải ngày hợp lệ; hãy viết YYYY-MM-DD, ví dụ 2026-11-22."
        ) from None


def _add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day figures are computed for (default: today in Asia/Ho_Chi_Minh)",
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
        return _check(args, cache)


def _check(args: argparse.Namespace, cache: ParseCache | None) -> int:
    dataset, diagnostics = check_repository(Path(args.root), cache)
    if args.base:
        from generator.review.rules import ReviewError, check_change, load_change

        if not args.author:
            print("--base cần kèm --author LOGIN (tài khoản GitHub của người tạo pull request).", file=sys.stderr)
            return 2
        try:
            change = load_change(Path(args.root), args.base, dataset, cache)
        except ReviewError as exc:
            print(f"Không đọc được bản gốc `{args.base}`: {exc}", file=sys.stderr)
            return 2
        diagnostics = diagnostics + check_change(change, args.author.lstrip("@"), tuple(args.team))
    if diagnostics or args.format == "human":
        print(format_all(diagnostics, args.format))
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
    from generator.core.clock import vietnam_today
    from generator.core.ledger import add_report

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
    }
    problems = add_report(Path(args.root), fields)
    if problems:
        print(format_all(problems), file=sys.stderr)
        print("Chưa ghi báo cáo: hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 1
    print(f"Đã thêm báo cáo của {args.agency} cho {args.task} vào cuối tasks.yaml.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.core.load import Layout, load_dataset
    from generator.importer.draft_file import import_directive
    from generator.importer.extract import ExtractError

    layout = Layout(Path(args.root))
    dataset, problems, _agencies, _groups = load_dataset(layout.root)
    if has_errors(problems):
        print(format_all(problems), file=sys.stderr)
        print("Hãy sửa agencies.yaml trước: bản nháp cần danh mục cơ quan để gán đơn vị.", file=sys.stderr)
        return 1
    try:
        imported = import_directive(Path(args.file), layout.directives, dataset.registry, args.province, args.id)
    except ExtractError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else layout.directives / f"{imported.id}.yaml"
    if target.exists() and not args.force:
        print(f"{target} đã có; chọn tên khác (--id, --output) hoặc thêm --force để ghi đè.", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(imported.text, encoding="utf-8")
    tasks = sum(len(s.tasks) for s in imported.draft.sections)
    sections = len(imported.draft.sections)
    print(f"Đã viết bản nháp {target}: {sections} mục, {tasks} nhiệm vụ, {imported.todo} chỗ cần bổ sung.")
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
    from generator.review.rules import ReviewError, load_change, summarize

    try:
        with _parse_cache(Path(args.root)) as cache:
            print(summarize(load_change(Path(args.root), args.base, cache=cache)), end="")
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
    from mkdocs.commands.serve import serve

    if not _data_is_valid(args.config):
        return 1
    _say_today(args.today)
    # Dirty: after the first build, only the pages a saved file changes are built again (see the plugin).
    serve(config_file=args.config, dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="tracker", description="Directive tracker: check the data, build and serve the site."
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate every data file; report every error with file and line")
    check.add_argument("--root", default=".", help="repository folder holding agencies.yaml, directives/, tasks.yaml")
    check.add_argument(
        "--format",
        choices=("human", "github"),
        default="human",
        help="human: file:line:col: CODE message; github: ::error annotations for GitHub Actions",
    )
    check.add_argument(
        "--base",
        default=None,
        metavar="REV",
        help="also apply the pull-request rules, comparing with this git revision",
    )
    check.add_argument("--author", default=None, metavar="LOGIN", help="the pull request's author (with --base)")
    check.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="ORG/TEAM",
        help="a team the author belongs to (repeatable; with --base)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help=f"parse every file, without reading or writing {ParseCache.FOLDER}/ (what earlier checks parsed)",
    )
    check.set_defaults(run=cmd_check)

    report = sub.add_parser("report", help="append a checked progress report to tasks.yaml, keeping the file as it is")
    report.add_argument("task", metavar="TASK_ID", help="e.g. kon-tum-phong-chong-xam-hai-tre-em/2.5")
    report.add_argument("--agency", required=True, help="the reporting agency's id")
    report.add_argument("--status", required=True, choices=("in_progress", "done"))
    report.add_argument("--note", required=True, help="what was done")
    report.add_argument(
        "--date",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="date of the report (default: today in Asia/Ho_Chi_Minh)",
    )
    report.add_argument(
        "--completed",
        type=_today,
        default=None,
        metavar="YYYY-MM-DD",
        help="with --status done: when the work was finished (default: the report's date)",
    )
    report.add_argument("--blocked", action="store_true", help="something blocks the work")
    report.add_argument("--difficulties", default=None, help="khó khăn, vướng mắc")
    report.add_argument("--proposals", default=None, help="đề xuất, kiến nghị")
    report.add_argument("--evidence-document", default=None, help="number of the document the report rests on")
    report.add_argument("--evidence-url", default=None, help="link to the evidence (https://…)")
    report.add_argument("--evidence-title", default=None, help="title of the evidence")
    report.add_argument("--root", default=".", help="repository folder")
    report.set_defaults(run=cmd_report)

    remind = sub.add_parser("remind", help="send reminders of overdue and upcoming tasks (e-mail, GitHub issues)")
    remind.add_argument("--root", default=".", help="repository folder")
    remind.add_argument("--dry-run", action="store_true", help="print the digests; send nothing, remember nothing")
    remind.add_argument("--window", type=int, default=7, help="digests list what falls due within N days (7)")
    remind.add_argument(
        "--before", type=_days, default=[7, 1], metavar="N,N", help="remind N days before a deadline (7,1)"
    )
    remind.add_argument("--every", type=int, default=7, help="while overdue, remind again every N days (7)")
    remind.add_argument(
        "--escalate-after",
        type=int,
        default=14,
        help="overdue for N days: also report to the Office's maintainers (14)",
    )
    remind.add_argument("--site-url", default=None, help="the published site (default: site_url, or GitHub Pages)")
    remind.add_argument(
        "--state",
        default=None,
        metavar="FILE",
        help="remember the e-mails sent in this file instead of the reminder issues (needed for e-mail without GitHub)",
    )
    remind.add_argument(
        "--mail-timeout", type=float, default=20, metavar="S", help="seconds for each SMTP operation (20)"
    )
    remind.add_argument(
        "--mail-budget",
        type=float,
        default=300,
        metavar="S",
        help="seconds e-mail may take in all; what is left is sent by the next run (300)",
    )
    _add_today(remind)
    remind.set_defaults(run=cmd_remind)

    imp = sub.add_parser(
        "import",
        help="draft a directive file from its text, PDF (with a text layer) or Word file, for a person to finish",
    )
    imp.add_argument("file", help="the directive: .txt, .pdf or .docx")
    imp.add_argument("--root", default=".", help="repository folder (agencies.yaml is read to resolve agencies)")
    imp.add_argument(
        "--province", help='the province whose agencies the text names, as agencies.yaml writes it ("Gia Lai")'
    )
    imp.add_argument("--id", help="the directive's id (default: from its number, else from the file name)")
    imp.add_argument("--output", help="where to write the draft (default: directives/<id>.yaml)")
    imp.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    imp.set_defaults(run=cmd_import)

    changes = sub.add_parser("changes", help="describe in plain words what a change does (Markdown, for CI)")
    changes.add_argument("--root", default=".", help="repository folder")
    changes.add_argument("--base", required=True, metavar="REV", help="the git revision to compare with")
    changes.set_defaults(run=cmd_changes)

    owners = sub.add_parser("codeowners", help="write .github/CODEOWNERS from agencies.yaml")
    owners.add_argument("--root", default=".", help="repository folder")
    owners.add_argument("--check", action="store_true", help="only check that the file is up to date")
    owners.set_defaults(run=cmd_codeowners)

    build = sub.add_parser("build", help="check, then build the site into site/ (the old site stays if anything fails)")
    build.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration file")
    build.add_argument("--site-dir", default=None, help="output folder (default: site_dir of the configuration)")
    build.add_argument("--no-strict", action="store_true", help="do not treat MkDocs warnings as errors")
    _add_today(build)
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser("serve", help="serve the site locally, rebuilding when a YAML file is saved")
    serve.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration file")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    _add_today(serve)
    serve.set_defaults(run=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO if args.command == "serve" else logging.WARNING)
    try:
        return args.run(args)
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
