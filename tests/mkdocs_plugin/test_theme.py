"""The tracker's overrides of Material (generator/mkdocs_plugin/theme.py), on a real build of the demo site: each
navigation item and tab is one line with the same link and title, the open page keeps Material's own item, the
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


def test_every_navigation_item_and_tab_of_a_detail_page_is_one_line(site):
    html = (site / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    titles = nav_titles(site.parent)
    items = re.findall(r'<li class="md-nav__item"><a href="([^"]+)" class="md-nav__link">([^<]+)</a></li>', html)
    tabs = re.findall(r'<li class="md-tabs__item"><a href="([^"]+)" class="md-tabs__link">([^<]+)</a></li>', html)
    assert [t for _, t in items] == [t for _, t in tabs] == titles
    assert items == tabs
    assert ("../../qua-han/", "Quá hạn") in items and ("../", "Văn bản") in items
    assert "md-ellipsis" not in html.split("<article", 1)[0].split('data-md-component="tabs"', 1)[1]


def test_the_open_page_keeps_materials_own_item(site):
    html = (site / "qua-han" / "index.html").read_text("utf-8")
    assert "md-nav__item--active" in html and "md-tabs__item--active" in html
    others = re.findall(r'<li class="md-nav__item"><a href="[^"]+" class="md-nav__link">([^<]+)</a></li>', html)
    assert others == [t for t in nav_titles(site.parent) if t != "Quá hạn"]


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
    html = (repo / "site" / "index.html").read_text("utf-8")
    assert '<li class="cua-van-phong">Quá hạn</li>' in html
    assert '<li class="md-nav__item"><a href="qua-han/" class="md-nav__link">Quá hạn</a></li>' in html


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
