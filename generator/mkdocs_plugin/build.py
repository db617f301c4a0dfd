"""Build the site with MkDocs into a fresh folder, then swap it in: a failed build never half-publishes."""

from __future__ import annotations

import logging
import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from generator.core.staging import staging_folder, swap_in

if TYPE_CHECKING:
    from generator.mkdocs_plugin.plugin import TrackerPlugin

log = logging.getLogger("tracker")


class BuildFailed(Exception):
    """The build stopped; the message says why, in words for the person who ran it."""


def build_site(config_file: Path, site_dir: Path | None = None, strict: bool = True) -> tuple[Path, date]:
    """Build into a temporary sibling of the site folder, then replace the site folder with it.

    Returns the site folder and the day its figures are for."""
    config_file = config_file.resolve()
    try:
        config = load_config(str(config_file), strict=strict)
    except MkDocsException as exc:
        raise BuildFailed(f"{config_file.name}: {exc}") from None
    target = (site_dir or Path(config.site_dir)).resolve()
    staging = staging_folder(target)
    config.site_dir = str(staging)
    try:
        build(config)
    except Abort:  # MkDocs has already logged the reason (the plugin's list of data errors, or its own)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("xem lỗi ở trên.") from None
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc) or "MkDocs dừng lại vì có cảnh báo (chế độ strict).") from None
    except BaseException:  # Ctrl-C, SIGTERM (see cli): MkDocs itself tells the plugins only of an Exception
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown()  # as `mkdocs build` does: the plugin stops its renderer, removes its folder
    swap_in(staging, target)
    return target, cast("TrackerPlugin", config.plugins["tracker"]).settings.today


def serve_site(config_file: Path, dev_addr: str) -> None:
    """Serve on `dev_addr`, rebuilding on every save. Dirty: after the first build, only the pages a saved file
    changes are built again (see the plugin)."""
    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")
