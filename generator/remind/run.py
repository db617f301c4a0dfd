"""`tracker remind`: the digests of one day, sent through every configured channel (or printed, for a dry run)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.addresses import edit_url
from generator.core.markup import environment
from generator.core.progress import Progress
from generator.core.settings import Settings
from generator.remind.digest import Cadence, compute_digests
from generator.remind.github import GitHub
from generator.remind.mail import Mailer
from generator.remind.notify import Notifier

NO_CHANNEL = (
    "Chưa cấu hình kênh gửi: đặt TRACKER_SMTP_HOST (thư) hoặc GITHUB_TOKEN và GITHUB_REPOSITORY (issue); "
    "hoặc chạy với --dry-run."
)
NO_MAIL_STATE = (
    "Thư cần nơi ghi những gì đã gửi, để không gửi trùng: chạy với --state FILE, "
    "hoặc cấu hình GITHUB_TOKEN và GITHUB_REPOSITORY (trạng thái lưu trong các issue nhắc việc)."
)


@dataclass(frozen=True)
class Limits:
    """How long e-mail may take: each operation on the connection, and the whole run."""

    mail_timeout: float = 20
    mail_budget: float = 300


@dataclass(frozen=True)
class Outcome:
    code: int  # the command's exit status
    text: str  # what it prints


def remind(
    progress: Progress,
    settings: Settings,
    cadence: Cadence,
    env: Mapping[str, str],
    state_file: Path | None = None,
    dry_run: bool = False,
    limits: Limits = Limits(),
) -> Outcome:
    office = tuple(e.strip() for e in env.get("TRACKER_OFFICE_EMAILS", "").split(",") if e.strip())
    ledger = edit_url(settings.repository, settings.branch, "tasks.yaml")
    digests = compute_digests(progress, cadence, settings.site_url, ledger, office)
    env_templates = environment("generator.remind", settings.templates)
    notifier = Notifier(
        env_templates,
        progress.dataset.registry,
        cadence.escalate_after,
        site_url=settings.site_url,
        state_file=state_file,
        mail_budget=limits.mail_budget,
    )
    if dry_run:
        pending = (d for d in digests if d.pending)
        return Outcome(0, "".join(f"=== {notifier.subject(d)}\n{notifier.text(d)}\n" for d in pending))
    notifier.mailer = Mailer.from_env(dict(env), limits.mail_timeout)
    notifier.github = GitHub.from_env(dict(env))
    if not (notifier.mailer or notifier.github):
        return Outcome(2, NO_CHANNEL)
    if notifier.mailer and not notifier.github and state_file is None:
        return Outcome(2, NO_MAIL_STATE)
    summary = notifier.run(digests)
    return Outcome(1 if summary.failed else 0, summary.text())
