"""The tracker as users install it: a wheel built from the files git knows, installed in a fresh virtual
environment, builds the real site, prints the reminders and drafts a directive, with nothing read from the source
tree. (`pip install .` builds the same wheel on its way.) An editable install, which the rest of the suite runs,
reads templates from the source tree and cannot see a file missing from the wheel."""

from __future__ import annotations

import ast
import contextlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO, make_repo, tracker

TODAY = "2026-11-22"
SEED = REPO / "directives" / "sources" / "003_bb4126f942e211b3.txt"  # the Kon Tum directive's text


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def source_files() -> list[str]:
    """The files a fresh clone has (tracked, or new and not ignored): a `build/` folder left by an earlier build
    would lend the wheel files the repository does not hold."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    assert listed.returncode == 0, listed.stderr
    return [name for name in listed.stdout.split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    # The build backend of this environment (setuptools, in the test extra): nothing is downloaded.
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source,
        cwd=source,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("directive_tracker-*.whl")
    return found


def test_the_wheel_holds_every_module_and_template_of_every_wing(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "generator"
    wanted = {
        p.relative_to(REPO).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".j2", ".json", ".html")
    }
    # Material's partials the plugin overrides: without them the site still builds, in Material's heavier markup.
    assert "generator/mkdocs_plugin/overrides/partials/nav-item.html" in wanted
    assert {"generator/remind/templates/digest.txt.j2", "generator/importer/templates/draft.yaml.j2"} <= wanted
    assert {"generator/site/templates/dashboard.md.j2", "generator/cli.py"} <= wanted
    assert wanted - names == set()
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert "tracker = generator.cli:main" in text
    assert "tracker = generator.mkdocs_plugin.plugin:TrackerPlugin" in text


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel. Its dependencies are this environment's, put on its path
    (not downloaded again); this environment's own install of the tracker, editable, stays out of it: its hook
    runs only from a site folder's .pth files, and this folder is merely on the path."""
    root = tmp_path_factory.mktemp("venv")
    made = run(sys.executable, "-m", "venv", root, cwd=root)
    assert made.returncode == 0, made.stderr
    python = root / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root).stdout.strip())
    ours = dict.fromkeys((sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]))
    (site / "zz-dependencies.pth").write_text("".join(f"{path}\n" for path in ours), "utf-8")
    installed = run(python, "-m", "pip", "install", "--no-deps", "--no-index", wheel, cwd=root, env=clean_env())
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return root


def clean_env() -> dict[str, str]:
    ambient = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GITHUB_REPOSITORY", "GITHUB_TOKEN", "TRACKER_TODAY")
    env = {k: v for k, v in os.environ.items() if k not in ambient and not k.startswith("TRACKER_SMTP")}
    return env


def installed(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed `tracker` command, run as a user would (from the data repository, nothing else on the path)."""
    return run(venv / "bin" / "tracker", *args, cwd=cwd, env=clean_env())


def test_the_package_imported_is_the_wheels(venv: Path, tmp_path: Path) -> None:
    where = run(
        venv / "bin" / "python",
        "-c",
        "import generator.cli, generator.remind.notify; print(generator.__file__)",
        cwd=tmp_path,
        env=clean_env(),
    )
    assert where.returncode == 0, where.stderr
    package = Path(where.stdout.strip()).resolve()
    assert package.is_relative_to(venv.resolve()), package
    assert not package.is_relative_to(REPO), package


def test_the_installed_tracker_builds_the_real_site(venv: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", REPO)
    result = installed(venv, "build", "--today", TODAY, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    index = (repo / "site" / "index.html").read_text("utf-8")
    assert "lượt giao đã quá hạn" in index
    assert "Tổ chức thanh tra, kiểm tra toàn bộ các cơ sở" in index  # an overdue task of the Kon Tum directive
    for download in ("tasks.json", "tasks.csv", "tasks.xlsx", "lich/tat-ca.ics"):  # no feed: no site address
        assert (repo / "site" / "data" / download).stat().st_size > 0, download
    # The same site as the source tree's, byte for byte.
    reference = make_repo(tmp_path / "reference", REPO)
    assert tracker("build", "--today", TODAY, cwd=reference).returncode == 0
    built, expected = sorted_files(repo / "site"), sorted_files(reference / "site")
    assert list(built) == list(expected)
    assert [p for p in built if built[p] != expected[p]] == []


def sorted_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_installed_tracker_prints_the_reminders(venv: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", REPO)
    result = installed(venv, "remind", "--dry-run", "--today", TODAY, cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "=== [Nhắc việc] Sở Y tế tỉnh Kon Tum: 3 quá hạn" in result.stdout
    assert "Quá hạn (3):" in result.stdout
    assert "=== [Nhắc việc] Văn phòng UBND tỉnh" in result.stdout  # the escalation digest
    assert result.stdout == tracker("remind", "--dry-run", "--today", TODAY, cwd=repo).stdout


def test_the_installed_tracker_drafts_a_directive_that_passes_the_check(venv: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", REPO)
    result = installed(venv, "import", str(SEED), "--id", "ban-nhap", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    draft = (repo / "directives" / "ban-nhap.yaml").read_text("utf-8")
    assert draft.startswith("# yaml-language-server: $schema=../schemas/directive.schema.json")
    assert '\nid: "ban-nhap"\n' in draft
    assert "Đã viết bản nháp directives/ban-nhap.yaml: 2 mục, 9 nhiệm vụ" in result.stdout
    checked = installed(venv, "check", cwd=repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(("name", "library"), [("van-ban.pdf", "pdfminer.high_level"), ("van-ban.docx", "docx")])
def test_without_the_import_extra_a_pdf_or_word_file_says_what_to_install(tmp_path, monkeypatch, name, library):
    from generator.importer.extract import ExtractError, extract

    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setitem(sys.modules, library, None)  # as if not installed: importing it fails
    with pytest.raises(ExtractError) as raised:
        extract(path)
    assert f"Không đọc được {name}: thiếu thư viện {library}" in str(raised.value)
    assert "pip install 'directive-tracker[import]'" in str(raised.value)


def test_a_text_file_imports_without_the_import_extra(monkeypatch):
    from generator.importer.extract import extract

    for library in ("pdfminer", "pdfminer.high_level", "docx"):
        monkeypatch.setitem(sys.modules, library, None)
    assert len(extract(SEED).lines) > 100


def _closure(requirements: list[str]) -> set[str]:
    """The distributions a user gets by installing `requirements` (their own requirements included, extras not)."""
    found: set[str] = set()
    queue = [Requirement(r) for r in requirements]
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        if name in found or (requirement.marker is not None and not requirement.marker.evaluate({"extra": ""})):
            continue
        found.add(name)
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):  # declared, not installed: not followed
            queue += [Requirement(r) for r in importlib.metadata.requires(name) or ()]
    return found


def test_every_library_the_code_imports_is_installed_with_it() -> None:
    """A library imported by the code but declared only for the tests (as jsonschema once was, for the national
    roll-up) is there in every test run and missing for every user."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    base = _closure(project["dependencies"])
    importer = base | _closure(project["optional-dependencies"]["import"])
    providers = importlib.metadata.packages_distributions()
    missing = []
    for source in sorted((REPO / "generator").rglob("*.py")):
        wanted = importer if source.parent.name == "importer" else base
        for node in ast.walk(ast.parse(source.read_bytes())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top == "generator" or top in sys.stdlib_module_names or top == "__future__":
                    continue
                if not {canonicalize_name(d) for d in providers.get(top, [])} & wanted:
                    missing.append(f"{source.relative_to(REPO)}: {name}")
    assert missing == []
