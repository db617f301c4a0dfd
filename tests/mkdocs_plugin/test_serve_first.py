"""Under `tracker serve`, a saved report file's directive page is built first, alone, and the rest of what it changed
in the rebuild it asks for right after: built in-process as `mkdocs serve --dirty` builds, to see each build's pages."""

from __future__ import annotations

import re
import shutil
import threading
import time
import weakref
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEventHandler

from generator.core.settings import TODAY_ENV
from generator.mkdocs_plugin import plugin
from generator.mkdocs_plugin.watch import watch_natively
from generator.site import overdue

SERVE_URL = "http://127.0.0.1:8000/"
REPORT = "task: demo-ke-hoach/1.1\nagency: demo-so-b\ndate: 2025-05-30\nstatus: done\nnote: Đã xong, báo muộn.\n"
SAVED = "reports/demo-ke-hoach/1.1/2025-05-30-demo-so-b-090000-aaaa.yaml"


class Serving:
    """The rebuilds of one `mkdocs serve --dirty`, run by hand: each `rebuild()` reads mkdocs.yml again, as serve
    does; `asked` is set when something asks the server for another build (a save, or a build's follow-up)."""

    def __init__(self, repo: Path, site: Path) -> None:
        self.repo, self.site = repo, site
        # MkDocs keeps a plugin that has on_startup for the next configuration it loads in this process, as serve's
        # rebuilds need; a new serve starts with a new one.
        MkDocsConfig.plugins.plugin_cache.clear()
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["tracker"]
        build(config, serve_url=SERVE_URL, dirty=True)
        self.server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
        config.plugins.on_serve(self.server, config=config, builder=lambda: None)
        # The server's observer, started, with a handler of the test's beside the server's own on every path it was
        # asked to watch: a file the build touches there is what makes `mkdocs serve` build again.
        self.asked = threading.Event()
        handler = FileSystemEventHandler()
        handler.on_created = handler.on_modified = lambda event: event.is_directory or self.asked.set()  # type: ignore[method-assign]
        for path in self.server._watched_paths:
            self.server.observer.schedule(handler, path, recursive=True)
        self.server.observer.start()

    def config(self):
        return load_config(config_file=str(self.repo / "mkdocs.yml"), site_dir=str(self.site))

    def save(self, name: str, text: str) -> None:
        path = self.repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        assert self.asked_again(), "a saved file asks for a build"

    def rebuild(self) -> None:
        # What came before is seen as several changes, the last one poll later (MkDocs polls every 0.5 s): let them
        # pass, so that what is asked afterwards is this build's doing.
        while self.asked.wait(timeout=1):
            self.asked.clear()
        build(self.config(), serve_url=SERVE_URL, dirty=True)

    def asked_again(self) -> bool:
        """Whether the last build touched a file the server watches, which makes `mkdocs serve` build again."""
        return self.asked.wait(timeout=5)

    def source(self, name: str) -> str:
        return (self.repo / name).read_text("utf-8")

    def page(self, path: str) -> str:
        return (self.site / path).read_text("utf-8")

    def close(self) -> None:
        self.server.observer.stop()
        self.server.observer.join()
        self.server.server_close()
        self.plugin.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()


def directive_row(html: str) -> list[str]:
    """The demo directive's cells in the directive index: number, date, issuer, tasks, overdue, done, total."""
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*demo-ke-hoach/(?:(?!</tr>).)*", html, re.S)
    assert row, "the demo directive has no row in the index"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)(?=<td|</tr>|$)", row[0], re.S)]


def pages(site: Path) -> dict[str, str]:
    return {str(path.relative_to(site)): path.read_text("utf-8") for path in sorted(site.rglob("*.html"))}


@pytest.fixture(params=["native", "polling"])
def serving(request, demo_repo, tmp_path, monkeypatch):
    """Served with the data folders watched by the system's notifications, and by MkDocs' polling where those cannot
    start (watch.py)."""
    if request.param == "polling":
        monkeypatch.setattr(plugin, "watch_natively", lambda paths, saw: None)
        # Polling watches the folders there are when serve starts; natively, `reports/` is watched once it is made.
        (demo_repo / "reports").mkdir()
    monkeypatch.setattr(overdue, "OVERDUE_PAGE_ROWS", 0)  # the overdue list split by month even when short
    monkeypatch.setenv(TODAY_ENV, "2025-06-01")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(demo_repo)
    serving = Serving(demo_repo, tmp_path / "site")
    yield serving
    serving.close()


def test_a_saved_report_is_built_on_its_directive_page_first_and_everywhere_else_right_after(serving):
    index = directive_row(serving.page("van-ban/index.html"))
    dashboard, agency = serving.page("index.html"), serving.page("co-quan/demo-so-b/index.html")
    month = serving.page("qua-han/2025-05/index.html")  # the task was overdue since May
    serving.save(SAVED, REPORT)

    serving.rebuild()
    assert "Đã xong, báo muộn." in serving.page("van-ban/demo-ke-hoach/index.html")
    assert serving.page("co-quan/demo-so-b/index.html") == agency
    assert directive_row(serving.page("van-ban/index.html")) == index  # not yet
    assert serving.page("index.html") == dashboard
    assert serving.page("qua-han/2025-05/index.html") == month
    assert serving.asked_again()

    serving.rebuild()  # the one the first asked for: nothing new saved
    after = directive_row(serving.page("van-ban/index.html"))
    overdue, done = int(index[4]), int(index[5])
    assert (int(after[4]), int(after[5])) == (overdue - 1, done + 1)
    assert serving.page("index.html") != dashboard
    assert serving.page("co-quan/demo-so-b/index.html") != agency
    assert not serving.asked.wait(timeout=1)  # nothing left to build
    assert serving.plugin.compiled.code  # the theme's templates, compiled once for every rebuild
    afresh = Serving(serving.repo, serving.site.with_name("afresh"))
    afresh.close()
    assert pages(serving.site) == pages(afresh.site)  # as if every page had been built again


def test_a_model_loaded_again_lets_the_last_one_go(serving):
    """Each build under serve freezes what it keeps, so that the next need not walk it; a build that loads the data
    afresh (a directive saved) must let the last model's objects be collected, or every such save would keep one."""
    last = weakref.ref(serving.plugin.checked.dataset.directives[0])
    text = serving.source("directives/demo-ke-hoach.yaml").replace("của các sở.", "của các sở, đã sửa.")
    serving.save("directives/demo-ke-hoach.yaml", text)
    serving.rebuild()
    assert last() is None


def test_a_folder_the_system_cannot_watch_leaves_the_watching_to_mkdocs(tmp_path, caplog):
    observer = watch_natively([tmp_path / "no-such-repository" / "reports"], lambda event: None)
    assert observer is None
    assert "Không theo dõi được thư mục dữ liệu" in caplog.text


def test_what_is_watched_natively_is_what_the_data_is_written_in(tmp_path):
    """Reading a data file (every build does) or writing a file beside them is no change; a report written in a
    `reports/` made after serve started is."""
    (tmp_path / "agencies.yaml").write_text("agencies: []\n", "utf-8")
    seen: list[tuple[str, str]] = []
    observer = watch_natively(
        [tmp_path / "agencies.yaml", tmp_path / "reports"], lambda e: seen.append((e.event_type, e.src_path))
    )
    assert observer is not None
    report = tmp_path / "reports" / "d" / "1.1" / "r.yaml"
    try:
        (tmp_path / "agencies.yaml").read_text("utf-8")
        (tmp_path / "README.md").write_text("# Đọc tôi\n", "utf-8")
        report.parent.mkdir(parents=True)
        report.write_text("task: d/1.1\n", "utf-8")
        _until(lambda: ("created", str(report)) in seen)
    finally:
        observer.stop()
        observer.join()
    assert ("created", str(report)) in seen
    assert all(path.startswith(str(tmp_path / "reports")) for _kind, path in seen), seen


def test_a_data_folder_removed_and_made_again_is_watched_again(tmp_path):
    (tmp_path / "reports" / "d").mkdir(parents=True)
    seen: list[str] = []
    observer = watch_natively([tmp_path / "reports"], lambda e: seen.append(e.src_path))
    assert observer is not None
    report = tmp_path / "reports" / "d" / "1.1" / "r.yaml"
    try:
        shutil.rmtree(tmp_path / "reports")
        _until(lambda: str(tmp_path / "reports") in seen)
        report.parent.mkdir(parents=True)
        _until(lambda: str(report.parent) in seen)
        report.write_text("task: d/1.1\n", "utf-8")  # after the folder's new watch began
        _until(lambda: str(report) in seen)
    finally:
        observer.stop()
        observer.join()
    assert str(report) in seen


def _until(done, seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.05)):
        if done():
            return
        time.sleep(0.05)
