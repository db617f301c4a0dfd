"""The renderer beside MkDocs (generator/site/worker.py): pages in the order asked, the data written, and the pages
of `then` carried on with by exactly one of the two processes, which meet in the middle."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from generator.site import worker

PAGES = [f"p{i}.md" for i in range(40)]
THEN = PAGES[::2]  # every other page


def plans(sync=None):
    """The plans; with `sync` (begun, halfway), the forked process, once it has begun the first page of `then`, says
    so and waits for halfway."""
    pages = {path: (lambda path=path: f"# {path}\n") for path in PAGES}

    def carry_on(markdown: str) -> tuple[int, str]:
        if sync is not None and markdown == f"# {THEN[0]}\n":
            sync[0].set()
            assert sync[1].wait(timeout=60)
        return os.getpid(), markdown.upper()

    return pages, {path: carry_on for path in THEN}, {"a.json": lambda: b"{}"}


def carried_on(renderer: worker.Renderer, sync=None) -> dict[str, object]:
    """Ask for every page from the last, as MkDocs asks for the directive pages; what came back for each. With `sync`
    (begun, halfway), halfway is set once half the pages were asked for, and the rest asked once the other has begun."""
    found = {}
    for n, path in enumerate(reversed(PAGES)):
        if sync is not None and n == len(PAGES) // 2:
            sync[1].set()
            assert sync[0].wait(timeout=60)
        assert renderer.page(path) == f"# {path}\n"
        found[path] = renderer.ahead(path)
    renderer.finish()
    return found


@pytest.mark.parametrize("takes_over", [True, False])
def test_each_page_of_then_is_carried_on_with_by_one_process_and_they_meet_in_the_middle(
    tmp_path, monkeypatch, takes_over
):
    monkeypatch.setattr(worker.Renderer, "takes_over", takes_over)
    # Waiting for this process would hold the other, which this process waits for: only when it takes pages over.
    context = multiprocessing.get_context("fork")
    sync = (context.Event(), context.Event()) if takes_over else None
    pages, then, data = plans(sync)
    renderer = worker.Renderer(pages, data, tmp_path, fork=True, then=then)
    try:
        found = carried_on(renderer, sync)
    finally:
        renderer.close()
    assert (tmp_path / "a.json").read_bytes() == b"{}"
    assert renderer.made == {} and renderer.received == {}  # nothing left over, nothing sent twice
    assert all(found[path] is None for path in PAGES if path not in then)
    there = {path for path, made in found.items() if made is not None}
    assert all(found[path] == (renderer.process.pid, f"# {path}\n".upper()) for path in there)
    if takes_over:
        # The forked process began the first and held it until this one had asked for the last half: those are
        # this one's, the first is the other's; between them, whoever came first.
        assert THEN[0] in there and not there & set(PAGES[len(PAGES) // 2 :])
    else:
        assert there == set(then)  # this process waited for every one


def test_without_a_fork_this_process_does_everything(tmp_path):
    pages, then, data = plans()
    renderer = worker.Renderer(pages, data, tmp_path, fork=False, then=then)
    assert all(made is None for made in carried_on(renderer).values())
    assert (tmp_path / "a.json").read_bytes() == b"{}"


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_page_the_forked_process_fails_on_stops_the_build_with_what_went_wrong(tmp_path, monkeypatch, how):
    monkeypatch.setattr(worker.Renderer, "takes_over", False)  # the forked process converts every page of `then`

    def carry_on(markdown: str) -> str:
        if how == "dies":
            os._exit(3)
        raise ValueError("a Markdown extension gave up")

    pages, _then, data = plans()
    renderer = worker.Renderer(pages, data, tmp_path, fork=True, then={path: carry_on for path in THEN})
    try:
        # A process that dies may take with it the pages it had queued but not yet sent: the build stops either way.
        with pytest.raises(worker.RenderFailed, match="a Markdown extension gave up" if how == "raises" else "mã 3"):
            assert renderer.page(THEN[0]) == f"# {THEN[0]}\n"
            renderer.ahead(THEN[0])
    finally:
        renderer.close()
