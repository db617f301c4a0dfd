"""A pull request's base revision is read from git's objects into memory, never unpacked onto the disk: what a
hostile archive member would do when extracted (a link out of the repository, `../x`, an absolute path) has no
file to do it with. (Unpacking with tarfile needed the extraction filters of Python 3.11.4; reading git's objects
is why `requires-python` is `>=3.11`, which Debian 12's Python 3.11.2 meets.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

from generator.review.git import load_change

from conftest import DEMO, REPO, git, tracker

SECRET = "NOI-DUNG-BEN-NGOAI-KHO"  # the text of a file outside the repository


def test_a_link_in_the_base_revision_is_read_as_the_path_it_holds_never_followed(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    directive = (DEMO / "directives" / "demo-ke-hoach.yaml").read_text("utf-8")
    outside.write_text(directive.replace("id: demo-ke-hoach", "id: ngoai-kho").replace("Demo", SECRET), "utf-8")
    link = repo / "directives" / "lien-ket.yaml"
    link.symlink_to(outside)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link in the base")
    base = git(repo, "rev-parse", "HEAD").strip()
    link.unlink()  # the pull request makes it a plain file, so the base's version comes from git
    link.write_text(directive.replace("id: demo-ke-hoach", "id: lien-ket"), "utf-8")

    change = load_change(repo, base)

    assert "ngoai-kho" not in {d.id for d in change.base.directives}
    assert "lien-ket" in {d.id for d in change.head.directives}
    for command in (["changes", "--base", base], ["check", "--base", base, "--author", "le-a"]):
        result = tracker(*command, cwd=repo)
        assert "Traceback" not in result.stderr and "Lỗi nội bộ" not in result.stderr, result.stderr
        assert SECRET not in result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.yaml", "repo"]  # nothing unpacked beside


def test_python_3_11_2_is_accepted() -> None:
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert SpecifierSet(project["requires-python"]).contains("3.11.2")  # Debian 12's
    sources = [p.read_text("utf-8") for p in (REPO / "generator").rglob("*.py")]
    assert not [s for s in sources if "tarfile" in s or "extractall" in s]


def test_a_link_in_a_head_read_from_git_is_not_followed_either(repo: Path, tmp_path: Path) -> None:
    # As the pull-request workflow reads the head: from git's objects, not from a checkout (`head_rev`).
    outside = tmp_path / "outside.yaml"
    directive = (DEMO / "directives" / "demo-ke-hoach.yaml").read_text("utf-8")
    outside.write_text(directive.replace("id: demo-ke-hoach", "id: ngoai-kho").replace("Demo", SECRET), "utf-8")
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "directives" / "lien-ket.yaml").symlink_to(outside)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link in the head")
    head = git(repo, "rev-parse", "HEAD").strip()

    change = load_change(repo, base, head_rev=head)

    assert "ngoai-kho" not in {d.id for d in change.head.directives}
    assert "directives/lien-ket.yaml" in change.changed_paths
    result = tracker("check", "--no-cache", "--base", base, "--head", head, "--author", "le-a", cwd=repo)
    # Refused as the working tree's check refuses a link, naming what it points to; not read as YAML (S003).
    assert f"directives/lien-ket.yaml:1:1: Y000 Tệp dữ liệu là một liên kết (symlink, tới `{outside}`)" in result.stdout
    assert SECRET not in result.stdout and "S003" not in result.stdout


def test_another_repository_in_a_head_read_from_git_is_refused(repo: Path) -> None:
    """A submodule (git's mode 160000, a commit, not a file) where a report file would be: refused, not an error."""
    base = git(repo, "rev-parse", "HEAD").strip()
    path = "reports/demo-ke-hoach/1.1/2025-05-18-demo-so-b-090000-aaaa.yaml"
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{base},{path}")
    git(repo, "commit", "-q", "-m", "a submodule in the head")
    head = git(repo, "rev-parse", "HEAD").strip()
    result = tracker("check", "--no-cache", "--base", base, "--head", head, "--author", "le-a", cwd=repo)
    assert f"{path}:1:1: Y000 Đây không phải một tệp thường" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1 and "Lỗi nội bộ" not in result.stderr
