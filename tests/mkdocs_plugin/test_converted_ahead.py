"""In a build, the renderer's process converts the directive pages' Markdown with MkDocs' own `Page.render` while
MkDocs converts the other pages: the site must be the one MkDocs would have built, links resolved and checked as
MkDocs checks them, and what the conversion says said by the build."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator.core.settings import TODAY_ENV
from generator.mkdocs_plugin import plugin
from generator.site import worker
from generator.site.render import environment

# A plugin of the site's own (a hook) that sees every page's Markdown: MkDocs converts every page itself then.
HOOK = "def on_page_markdown(markdown, **kwargs):\n    return markdown\n"
DIRECTIVE_PAGES = ["van-ban/demo-ke-hoach.md"]  # the demo data's one directive


@pytest.fixture
def site(demo_repo, monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2025-06-01")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(demo_repo)
    (demo_repo / "hook.py").write_text(HOOK, "utf-8")
    taken: list[str] = []
    take = plugin.take_converted
    monkeypatch.setattr(
        plugin, "take_converted", lambda page, *rest: taken.append(page.file.src_uri) or take(page, *rest)
    )

    # Every directive page converted by the renderer's process: MkDocs would otherwise take the demo's one page
    # before the renderer, which renders every page and writes the data first, gets to it.
    monkeypatch.setattr(worker.Renderer, "takes_over", False)

    def built(name: str, hooked: bool, strict: bool = False) -> tuple[Path, list[str]]:
        taken.clear()
        MkDocsConfig.plugins.plugin_cache.clear()
        site = demo_repo / name
        extra = {"hooks": [str(demo_repo / "hook.py")]} if hooked else {}
        config = load_config(config_file=str(demo_repo / "mkdocs.yml"), site_dir=str(site), strict=strict, **extra)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        return site, sorted(taken)

    return built


def test_the_directive_pages_converted_ahead_make_the_site_mkdocs_makes(site, demo_repo):
    ahead, converted_there = site("ahead", hooked=False)
    here, none = site("here", hooked=True)
    assert converted_there == DIRECTIVE_PAGES
    assert none == []  # another plugin sees the Markdown: nothing converted elsewhere
    files = sorted(p.relative_to(ahead) for p in ahead.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(here) for p in here.rglob("*") if p.is_file())
    different = [str(f) for f in files if (ahead / f).read_bytes() != (here / f).read_bytes()]
    assert different == []
    page = (ahead / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    assert '<a href="../../huong-dan-bao-cao/">' in page  # a link between Markdown pages, resolved as MkDocs does


def test_what_the_conversion_says_is_said_by_the_build_and_counts_under_strict(site, demo_repo, caplog):
    templates = demo_repo / "overrides"
    templates.mkdir()
    source = Path(environment().loader.get_source(environment(), "directive.md.j2")[1])  # type: ignore[union-attr]
    shutil.copy(source, templates / "directive.md.j2")
    with (templates / "directive.md.j2").open("a", encoding="utf-8") as out:
        # A link to no page, one to an anchor no page has, one to an anchor that exists (on the dashboard).
        out.write(
            "\n[không có]({{ root }}khong-co.md) [mục]({{ root }}index.md#khong-co-muc) [có]({{ root }}index.md)\n"
        )
    config = demo_repo / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("      data_dir: .", "      data_dir: .\n      templates: overrides")
    )
    said = {}
    for name, hooked in (("ahead", False), ("here", True)):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            _site, converted_there = site(name, hooked)
        assert bool(converted_there) is not hooked
        said[name] = sorted(
            r.getMessage() for r in caplog.records if r.levelno >= logging.INFO and "van-ban/" in r.getMessage()
        )
    assert said["ahead"] == said["here"]
    for page in DIRECTIVE_PAGES:
        assert any(page in m and "khong-co.md" in m for m in said["ahead"])
        assert any(page in m and "khong-co-muc" in m for m in said["ahead"])  # checked against this process's pages
    with pytest.raises(Abort):
        site("strict", hooked=False, strict=True)
