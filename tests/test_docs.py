"""What users read matches what the code does: every error code and every command is documented."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, tracker

CODE = re.compile(r'"([YSRP]\d{3})"')


def codes_in_source() -> set[str]:
    return {code for path in (REPO / "generator").rglob("*.py") for code in CODE.findall(path.read_text("utf-8"))}


def test_every_error_code_is_documented():
    documented = set(re.findall(r"^\| `([YSRP]\d{3})` \|", (REPO / "FORMAT.md").read_text("utf-8"), re.M))
    assert codes_in_source() == documented


COMMANDS = ["check", "build", "serve", "report", "changes", "codeowners", "remind", "federate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = tracker(command, "--help", cwd=REPO)
    assert result.returncode == 0 and "usage: tracker" in result.stdout
    assert f"tracker {command}" in (REPO / "README.md").read_text("utf-8")


def test_readme_gives_the_test_command_that_ci_runs():
    readme = (REPO / "README.md").read_text("utf-8")
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert "make test" in ci and "make test" in readme


def test_the_agency_guide_on_the_site_matches_the_status_vocabulary():
    from generator.core.status import LABELS

    page = (REPO / "docs" / "gioi-thieu.md").read_text("utf-8")
    assert all(label in page for label in LABELS.values())
