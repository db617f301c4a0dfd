"""The tracker's overrides of Material (generator/mkdocs_plugin/theme.py), on a real build of the demo site: each
navigation item and tab is one line with the same link and title, a page without a table of contents has no menu
that repeats its tabs, the open page keeps Material's own item, the
search's unused files are not published, and Material's script gets a configuration it can read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import DEMO, make_repo, tracker


def nav_titles(repo: Path) -> list[str]:
    config = yaml.safe_load((repo / "mkdocs.yml").read_text("utf-8"))
    return [next(iter(entry)) for entry in config["nav"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("theme") / "repo", DEMO)
    result = tracker("build", "--today", "2025-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    return repo / "site"


ITEM = r'<li class="md-nav__item"><a href="([^"]+)" class="md-nav__link">([^<]+)</a></li>'
TAB = r'<li class="md-tabs__item"><a href="([^"]+)" class="md-tabs__link">([^<]+)</a></li>'


def test_every_navigation_item_and_tab_is_one_line(site):
    titles = nav_titles(site.parent)
    detail = (site / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    tabs = re.findall(TAB, detail)
    assert [t for _, t in tabs] == titles
    assert ("../../qua-han/", "Quá hạn") in tabs and ("../", "Văn bản") in tabs
    assert "md-ellipsis" not in detail.split("<article", 1)[0].split('data-md-component="tabs"', 1)[1]
    # A page with a table of contents keeps the phone's menu: the same links as its tabs, each one line.
    guide = (site / "huong-dan-bao-cao" / "index.html").read_text("utf-8")
    items = [i for i in re.findall(ITEM, guide) if i[1] != "Hướng dẫn báo cáo"]
    assert items == [t for t in re.findall(TAB, guide) if t[1] != "Hướng dẫn báo cáo"]
    assert [t for _, t in items] == [t for t in titles if t != "Hướng dẫn báo cáo"]


def test_a_page_without_a_table_of_contents_has_the_tabs_and_no_menu_that_repeats_them(site):
    for path in ("van-ban/demo-ke-hoach", "co-quan/demo-so-a", "qua-han", ""):
        html = (site / path / "index.html").read_text("utf-8")
        assert 'data-md-component="tabs"' in html, path
        assert "md-sidebar--primary" not in html and 'class="md-header__button md-icon" for="__drawer"' not in html
    guide = (site / "huong-dan-bao-cao" / "index.html").read_text("utf-8")
    assert "md-sidebar--primary" in guide and 'class="md-header__button md-icon" for="__drawer"' in guide


def test_the_open_page_keeps_materials_own_item(site):
    html = (site / "huong-dan-bao-cao" / "index.html").read_text("utf-8")
    assert "md-nav__item--active" in html and "md-tabs__item--active" in html
    others = [t for _, t in re.findall(ITEM, html)]
    assert others == [t for t in nav_titles(site.parent) if t != "Hướng dẫn báo cáo"]


def test_the_search_files_no_page_loads_are_not_published(site):
    scripts = site / "assets" / "javascripts"
    assert not list(scripts.rglob("*.map")) and not (scripts / "lunr").exists()
    worker = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', (site / "index.html").read_text())[1])
    assert (site / worker["search"]).is_file()  # Material's script starts its worker on every page


def test_materials_script_gets_its_configuration_without_the_search_phrases(site):
    html = (site / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["base"] == "../.." and "navigation.tabs" in config["features"]
    assert config["translations"]["clipboard.copied"] == "Đã sao chép"
    assert not [k for k in config["translations"] if k.startswith("search.")]
    assert "search" in config and "\\u" not in html


def test_a_sites_own_custom_dir_still_wins(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    config = (repo / "mkdocs.yml").read_text("utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: ghi-de\n"))
    (repo / "ghi-de" / "partials").mkdir(parents=True)
    (repo / "ghi-de" / "partials" / "tabs-item.html").write_text(
        '{% macro render(nav_item, ref) %}<li class="cua-van-phong">{{ nav_item.title }}</li>{% endmacro %}'
    )
    result = tracker("build", "--today", "2025-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    html = (repo / "site" / "huong-dan-bao-cao" / "index.html").read_text("utf-8")
    assert '<li class="cua-van-phong">Quá hạn</li>' in html
    assert '<li class="md-nav__item"><a href="../qua-han/" class="md-nav__link">Quá hạn</a></li>' in html


def test_a_site_whose_mkdocs_yml_does_not_list_the_markdown_extension_still_gets_it(tmp_path):
    """An older mkdocs.yml without `generator.site.markdown_tables`: its tables still fold on a phone (the script
    reads `data-fold` on the table), their aligned columns are named on the table, their markup is compact."""
    repo = make_repo(tmp_path / "repo", DEMO)
    config = repo / "mkdocs.yml"
    lines = config.read_text("utf-8").splitlines(keepends=True)
    config.write_text("".join(x for x in lines if "generator.site.markdown_tables" not in x), "utf-8")
    assert "markdown_tables" not in config.read_text("utf-8")
    result = tracker("build", "--today", "2025-06-01", cwd=repo)
    assert result.returncode == 0, result.stderr
    html = (repo / "site" / "co-quan" / "demo-so-a" / "index.html").read_text("utf-8")
    assert re.search(r'<table data-fold="3 4 7" data-r="6">', html)
    assert "tk-fold-next" not in html and "text-align" not in html and "</td>" not in html


def test_templates_compiled_once_serve_the_next_environment_and_an_edited_template_compiles_again(tmp_path):
    """Under serve each rebuild makes a new Jinja environment; `CompiledTemplates` keeps what the last compiled."""
    from jinja2 import Environment, FileSystemLoader

    from generator.mkdocs_plugin.theme import CompiledTemplates

    kept = CompiledTemplates()
    (tmp_path / "t.html").write_text("Số liệu {{ n }}", "utf-8")

    def rendered() -> tuple[str, int]:
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=kept)
        compiled, compile = [], env.compile
        env.compile = lambda *a, **k: compiled.append(a) or compile(*a, **k)  # type: ignore[method-assign]
        return env.get_template("t.html").render(n=1), len(compiled)

    assert rendered() == ("Số liệu 1", 1)
    assert rendered() == ("Số liệu 1", 0)  # a new environment, the template not compiled again
    (tmp_path / "t.html").write_text("Đã sửa {{ n }}", "utf-8")
    assert rendered() == ("Đã sửa 1", 1)  # never the stale one
