"""The one place that leans on MkDocs' private `Page` attributes, pinned to the MkDocs it was written for."""

from __future__ import annotations

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator.mkdocs_plugin.pages import RENDERED, restore_render, saved_render


def test_written_for_this_mkdocs():
    # Page.render's private state was read off MkDocs 1.6; another minor version must be checked by hand
    # (mkdocs/structure/pages.py, Page.render) before this pin moves.
    assert mkdocs.__version__.startswith("1.6."), mkdocs.__version__


def test_what_render_sets_is_saved_and_restored(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# Tiêu đề\n\n## Mục [một](#muc)\n", "utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    file = File("a.md", config.docs_dir, config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, None)
    for name in RENDERED:  # every attribute exists after render, so a rename in MkDocs fails here
        assert hasattr(page, name), name
    saved = saved_render(page)
    fresh = Page(None, file, config)
    fresh.read_source(config)  # under serve, the page is read again; the conversion is what is skipped
    restore_render(fresh, saved)
    assert fresh.title == "Tiêu đề"
    assert [item.title for item in fresh.toc] == [item.title for item in page.toc]
    assert fresh.present_anchor_ids == page.present_anchor_ids
