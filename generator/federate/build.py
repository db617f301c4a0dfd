"""The national site: the pages written into a throw-away MkDocs project (the province sites' theme and stylesheet),
built in strict mode into a staging folder, swapped in only when the build succeeds."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from generator.core.staging import staging_folder, swap_in


class BuildFailed(Exception):
    """The national build stopped; the message says why."""


def mkdocs_config(title: str, assets: Path | None) -> dict:
    css = assets is not None and (assets / "tracker.css").exists()
    js = assets is not None and (assets / "tracker.js").exists()
    return {
        "site_name": title,
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "language": "vi",
            "font": False,  # no request to Google Fonts
            "features": ["navigation.tabs", "navigation.top"],
            "palette": {"primary": "indigo"},
        },
        "extra_css": ["assets/tracker.css"] if css else [],
        "extra_javascript": ["assets/tracker.js"] if js else [],
        "markdown_extensions": ["attr_list", "admonition", "tables", {"toc": {"permalink": True}}],
        "plugins": [],  # Material's search does not fold Vietnamese; the pages are few and linked from the index
        "nav": [{"Tổng quan": "index.md"}, {"Quá hạn": "qua-han.md"}],
        "not_in_nav": "/tinh/*.md\n",
        "validation": {"links": {"anchors": "warn"}},
    }


def build_national(pages: dict[str, str], title: str, assets: Path | None, target: Path) -> Path:
    project = Path(tempfile.mkdtemp(prefix="tracker-federate-"))
    try:
        docs = project / "docs"
        for path, text in pages.items():
            (docs / path).parent.mkdir(parents=True, exist_ok=True)
            (docs / path).write_text(text, encoding="utf-8")
        if assets is not None:
            shutil.copytree(assets, docs / "assets")
        config_file = project / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(mkdocs_config(title, assets), allow_unicode=True), encoding="utf-8")
        return _build(config_file, target.resolve())
    finally:
        shutil.rmtree(project, ignore_errors=True)


def _build(config_file: Path, target: Path) -> Path:
    staging = staging_folder(target)
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        build(config)
    except Abort:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed("xem lỗi ở trên.") from None
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc) or "MkDocs dừng lại vì có cảnh báo (chế độ strict).") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, target)
    return target
