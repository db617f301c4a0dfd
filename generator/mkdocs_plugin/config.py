"""`Settings` from mkdocs.yml, read by MkDocs' own loader (so `!ENV`, `INHERIT` and every valid file work)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.core.addresses import repository_url, site_url
from generator.core.settings import TODAY_ENV, Settings, SettingsError, resolve_today, templates_folder
from generator.core.status import DUE_SOON_DAYS


class TrackerConfig(base.Config):
    data_dir = c.Type(str, default=".")  # the folder holding agencies.yaml, directives/, tasks.yaml
    # YYYY-MM-DD, quoted or not (YAML reads an unquoted one as a date); see `resolve_today` for what wins over it.
    today = c.Optional(c.Type((str, date)))
    due_soon_days = c.Type(int, default=DUE_SOON_DAYS)
    templates = c.Optional(c.Type(str))  # a folder of templates that replace the built-in ones
    branch = c.Type(str, default="main")  # the branch agencies propose their reports against


def settings_of(
    config: MkDocsConfig, options: TrackerConfig, env: Mapping[str, str], today: date | None = None
) -> Settings:
    """The run's settings from a loaded MkDocs configuration and the tracker plugin's options in it."""
    base_dir = Path(config.config_file_path or ".").resolve().parent
    return Settings(
        root=(base_dir / options.data_dir).resolve(),
        today=resolve_today(today, env.get(TODAY_ENV), options.today),
        due_soon_days=options.due_soon_days,
        templates=templates_folder(base_dir, options.templates),
        repository=repository_url(config.repo_url, env),
        branch=options.branch,
        site_url=site_url(config.site_url, env),
    )


def load_settings(config_file: Path, today: date | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read mkdocs.yml as MkDocs does and return the tracker's settings; SettingsError if it cannot be used."""
    env = os.environ if env is None else env
    try:
        config = load_config(str(config_file))
    except (MkDocsException, OSError) as exc:
        raise SettingsError(f"{config_file}: không đọc được cấu hình MkDocs ({exc}).") from None
    plugin = config.plugins.get("tracker")
    if plugin is None:
        raise SettingsError(f"{config_file}: thiếu `- tracker` trong `plugins:`.")
    return settings_of(config, plugin.config, env, today)
