"""Each template uses only what its documented context and the environment give it."""

from __future__ import annotations

import re

import pytest
from jinja2 import meta

from generator.site.render import CONTEXT, environment

ENV = environment()
IMPORTS = re.compile(r'{%\s*import\s+"([^"]+)"[^%]*with context')


def _needs(name: str) -> set[str]:
    """The names a template reads from its context, with those of what it imports `with context`."""
    source = ENV.loader.get_source(ENV, name)[0]
    names = set(meta.find_undeclared_variables(ENV.parse(source))) - set(ENV.globals)
    for imported in IMPORTS.findall(source):
        names |= _needs(imported)
    return names


@pytest.mark.parametrize("template", sorted(CONTEXT))
def test_a_template_reads_only_its_documented_context(template):
    assert _needs(template) <= CONTEXT[template]


def test_every_page_template_is_documented():
    pages = {n for n in ENV.list_templates() if n.endswith(".md.j2") and not n.startswith("_")}
    assert pages == set(CONTEXT)


def test_a_page_given_more_or_less_than_documented_is_refused(monkeypatch):
    from datetime import date

    from generator.core.checks import check_repository
    from generator.core.progress import compute_progress
    from generator.site import render

    from conftest import DEMO

    dataset, _ = check_repository(DEMO)
    progress = compute_progress(dataset, date(2025, 6, 1))
    assert "index.md" in render.page_plan(progress)
    monkeypatch.setitem(render.CONTEXT, "data.md.j2", render.COMMON - {"edit_url"})
    with pytest.raises(TypeError, match=r"data\.md\.j2"):
        render.page_plan(progress)
