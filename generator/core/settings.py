"""What a run is configured with, in one typed record that every command and the MkDocs plugin share.

Built once, from `mkdocs.yml` as MkDocs itself reads it (`mkdocs_plugin.config`), and from the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.core.clock import vietnam_today
from generator.core.status import DUE_SOON_DAYS

TODAY_ENV = "TRACKER_TODAY"


class SettingsError(ValueError):
    """A setting that cannot be used; the message says which and what to write instead, in Vietnamese."""


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder holding agencies.yaml, directives/ and the ledger
    today: date  # the day the figures are for
    due_soon_days: int = DUE_SOON_DAYS
    templates: Path | None = None  # a folder of templates that replace the built-in ones (it exists)
    repository: str | None = None  # the repository's web address, for report and edit links
    branch: str = "main"  # the branch agencies propose their reports against
    site_url: str | None = None  # the published site's address, ending in `/`, for feeds, calendars and mail


def parse_day(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SettingsError(
            f"{where}: `{value}` không phải ngày hợp lệ; hãy viết YYYY-MM-DD, ví dụ 2026-11-22."
        ) from None


def resolve_today(command_line: date | None, environment: str | None, configured: str | date | None) -> date:
    """The day the figures are for. What the person running the command says wins over what a file says:
    `--today`, then `TRACKER_TODAY`, then `today:` in mkdocs.yml, then Vietnam's date."""
    if command_line is not None:
        return command_line
    if environment:
        return parse_day(environment, TODAY_ENV)
    if isinstance(configured, date):
        return configured
    if configured:
        return parse_day(configured, "mkdocs.yml, plugins › tracker › today")
    return vietnam_today()


def templates_folder(base: Path, configured: str | None) -> Path | None:
    """The configured template folder, which must exist: a misspelt name would silently change nothing."""
    if not configured:
        return None
    folder = (base / configured).resolve()
    if not folder.is_dir():
        raise SettingsError(
            f"mkdocs.yml, plugins › tracker › templates: không có thư mục `{configured}` (tìm ở {folder}); "
            "hãy sửa tên thư mục hoặc bỏ dòng này để dùng mẫu có sẵn."
        )
    return folder
