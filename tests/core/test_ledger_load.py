"""The ledger read in parts and from the cache gives exactly what one whole parse gives, problems included."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core import ledger_load
from generator.core.cache import ParseCache
from generator.core.diagnostics import format_all
from generator.core.ledger_load import load_ledger
from generator.core.parse import parse_document, parse_ledger

from conftest import DEMO, make_repo, tracker

HEAD = "# DEMO DATA for tests: invented reports.\nreports:\n"


def report(n: int, indent: str = "") -> str:
    return (
        f"{indent}- task: demo-ke-hoach/1.1\n"
        f"{indent}  agency: demo-so-{'ab'[n % 2]}\n"
        f"{indent}  date: 2025-05-{1 + n % 28:02d}\n"
        f"{indent}  status: in_progress\n"
        f"{indent}  note: Báo cáo số {n}.\n"
    )


def whole(text: str):
    reports, found = parse_document(text, "tasks.yaml", parse_ledger)
    return reports or [], found


def read(path: Path, cache: ParseCache | None):
    found = []
    return load_ledger(path.read_bytes(), "tasks.yaml", found, cache), found


@contextmanager
def read_parts() -> Iterator[list[str]]:
    """The text of each part of the ledger read while in the block."""
    parts: list[str] = []
    original = ledger_load._reports

    def reports(data, name, part, indent):
        parts.append(data[part.begin : part.end].decode("utf-8"))
        return original(data, name, part, indent)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ledger_load, "_reports", reports)
        yield parts


@contextmanager
def general_reads() -> Iterator[list[str]]:
    """The text of each piece of the ledger given to the general reader while in the block: a report that does not
    take the shortcut (after a `reports:` line), or the whole ledger."""
    texts: list[str] = []
    original = ledger_load.parse_document
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            ledger_load, "parse_document", lambda text, *a, **k: texts.append(text) or original(text, *a, **k)
        )
        yield texts


@pytest.fixture(autouse=True)
def small_parts(monkeypatch):
    monkeypatch.setattr(ledger_load, "PART", 3)  # several parts out of a few reports


@pytest.mark.parametrize("lead", ["", "\n# đầu\n\n"], ids=["", "blank lines first"])
@pytest.mark.parametrize("indent", ["", "  "])
def test_parts_give_the_reports_of_one_whole_parse(tmp_path, indent, lead):
    text = lead + HEAD + "".join(report(n, indent) for n in range(10))
    (path := tmp_path / "tasks.yaml").write_text(text, encoding="utf-8")
    with general_reads() as general:
        reports, found = read(path, None)
    assert not found and len(reports) == 10
    assert (reports, found) == whole(text)  # same values, same lines
    assert [r.loc.line for r in reports] == [3 + lead.count("\n") + 5 * n for n in range(10)]
    assert general == []  # each by the shortcut: never the general reader, nor the whole ledger parsed again


def test_an_unchanged_ledger_is_all_taken_from_the_cache(tmp_path):
    text = HEAD + "".join(report(n) for n in range(10))
    (path := tmp_path / "tasks.yaml").write_text(text, encoding="utf-8")
    first = ParseCache(tmp_path / "cache.sqlite")
    assert read(path, first) == whole(text)
    first.save()
    cache = ParseCache(tmp_path / "cache.sqlite")
    with read_parts() as parts, general_reads() as general:
        assert read(path, cache) == whole(text)
    added, _used = cache.changes()
    assert parts == general == [] and added == {}  # nothing read, nothing written again


def test_a_small_last_segment_grows_rather_than_another_starting(tmp_path):
    """Appending one report at a time must not make one segment, and one cache entry, per report."""
    path, cache_file = tmp_path / "tasks.yaml", tmp_path / "cache.sqlite"
    text = HEAD + report(0) + report(1)
    for added in (None, report(2), report(3)):
        text += added or ""
        path.write_text(text, encoding="utf-8")
        cache = ParseCache(cache_file)
        assert read(path, cache) == whole(text)
        cache.save()
    cache = ParseCache(cache_file)
    (end, key), *_ = ledger_load._index(cache, "tasks.yaml")
    chain = ledger_load._chain(cache, "tasks.yaml", key)
    assert end == len(text.encode()) and [len(s.reports) for s in chain or []] == [3, 1]  # PART is 3


@pytest.mark.parametrize("indent", ["", "  "])
def test_each_report_reads_as_the_whole_parse_reads_it_whatever_its_lines(tmp_path, indent):
    """Reports the tracker writes take the shortcut for report files; any other (a comment less indented, one that
    would read as a field with the list's indentation taken off, an extension request, an office's entry, a value
    continued on the next line) is read by the general reader: the same reports, at the same lines and columns."""
    odd = [
        f"#{indent} proposals: Không phải đề xuất.\n{indent}  blocked: true\n",  # `proposals:`, indentation off
        f"{indent}  # một chú thích\n\n",
        f"{indent}  extension_request:\n{indent}    until: 2025-08-01\n",
        f"{indent}  entered_by: office\n{indent}  recorded: 2025-06-02\n",
        f"{indent}  difficulties: Thiếu\n{indent}    số liệu.\n",
        f"{indent}  evidence:\n{indent}  - document: 12/BC\n{indent}    date: 2025-05-03\n",
        f"{indent}  evidence:\n{indent}    - url: https://example.org/a.pdf\n",
    ]
    text = HEAD + "".join(report(n, indent) + odd[n % len(odd)] for n in range(len(odd) * 2))
    (path := tmp_path / "tasks.yaml").write_text(text, encoding="utf-8")
    taken = []
    original = ledger_load.report_from_text
    with pytest.MonkeyPatch.context() as patch, general_reads() as general:
        patch.setattr(ledger_load, "report_from_text", lambda *a: taken.append(original(*a)) or taken[-1])
        reports, found = read(path, None)
    assert not found and (reports, found) == whole(text)
    assert 0 < len([r for r in taken if r is not None]) < len(reports)  # some by the shortcut, some not
    assert len(general) == len(reports) - len([r for r in taken if r is not None])  # the others alone, never whole
    assert all(piece.startswith("reports:\n") for piece in general)
    assert not [r for r in reports if r.proposals]


REPORTS = "".join(report(n) for n in range(7))  # three parts (PART is 3)
OTHER_SHAPES = [HEAD, "reports: []\n", "reports:\n# chưa có báo cáo\n", "", HEAD + report(0)[:-1]]
# A line outside the list, or a document's end, in the last part or the first: found as that part is read.
OTHER_SHAPES += [
    HEAD + REPORTS + "note: ngoài danh sách\n",
    HEAD + "...\n" + REPORTS,
    HEAD + report(0) + "x:\n" + REPORTS,
]


@pytest.mark.parametrize("text", OTHER_SHAPES)
def test_ledgers_of_other_shapes_read_as_usual(tmp_path, text):
    (path := tmp_path / "tasks.yaml").write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    assert read(path, cache) == read(path, cache) == whole(text)


def test_appended_reports_are_parsed_alone_and_give_the_same_result(tmp_path):
    path = tmp_path / "tasks.yaml"
    text = HEAD + "".join(report(n) for n in range(7))
    path.write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    read(path, cache)
    cache.save()

    text += "# một chú thích\n" + report(7) + report(8)
    path.write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    with read_parts() as parsed:
        assert read(path, cache) == whole(text)
    assert parsed == ["# một chú thích\n" + report(7) + report(8)]  # only what was appended


def test_after_a_run_on_the_base_the_head_still_parses_only_what_it_appended(tmp_path):
    # A pull request's check after main's build: the cache's index still names the head's last part from an
    # earlier run, but the base's run dropped it; the longest part still in the cache must be used instead.
    path = tmp_path / "tasks.yaml"
    base = HEAD + "".join(report(n) for n in range(7))
    head = base + report(7)
    for text in (head, base):
        path.write_text(text, encoding="utf-8")
        cache = ParseCache(tmp_path / "cache.sqlite")
        read(path, cache)
        cache.save()

    path.write_text(head, encoding="utf-8")
    with read_parts() as parsed:
        assert read(path, ParseCache(tmp_path / "cache.sqlite")) == whole(head)
    assert parsed == [report(7)]


def test_a_problem_in_an_appended_report_is_reported_as_a_whole_parse_reports_it(tmp_path):
    path = tmp_path / "tasks.yaml"
    text = HEAD + "".join(report(n) for n in range(5))
    path.write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    read(path, cache)
    text += report(5).replace("2025-05-06", "6/5/2025")
    path.write_text(text, encoding="utf-8")
    reports, found = read(path, cache)
    assert (reports, found) == whole(text)
    assert [(d.line, d.code) for d in found] == [(30, "S004")]  # the date line of the sixth report


@pytest.mark.parametrize(
    "appended",
    [
        "...\n" + report(9),  # after the end of the document
        "other: 1\n",  # a key outside the list
        "  - task: x\n",  # deeper than the reports: would continue the last one
        "- task: [a,\n  b]\n",  # fine, but parsed as usual
        "\t- task: x\n",
    ],
)
def test_anything_but_whole_reports_appended_is_parsed_whole(tmp_path, appended):
    path = tmp_path / "tasks.yaml"
    text = HEAD + "".join(report(n) for n in range(4))
    path.write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    read(path, cache)
    path.write_text(text + appended, encoding="utf-8")
    assert read(path, cache) == whole(text + appended)


def test_an_earlier_report_changed_is_not_taken_from_the_cache(tmp_path):
    path = tmp_path / "tasks.yaml"
    text = HEAD + "".join(report(n) for n in range(8))
    path.write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    read(path, cache)
    for note in ("Báo cáo số một.", "Báo cáo số 9."):  # every part after it moved, or none: the same length
        changed = text.replace("Báo cáo số 1.", note)
        path.write_text(changed, encoding="utf-8")
        reports, _ = read(path, cache)
        assert reports[1].note == note and (reports, []) == whole(changed)


EDITS = st.one_of(
    st.tuples(st.just("append"), st.integers(0, 50)),
    st.tuples(st.just("append broken"), st.sampled_from(["status: xong", "date: 2025-13-01", "agency: [", "x: 1"])),
    st.tuples(st.just("append text"), st.sampled_from(["# ghi chú\n", "\n", "...\n", "reports:\n", "  note: x\n"])),
    st.tuples(st.just("rewrite"), st.integers(0, 10_000)),
    st.tuples(st.just("save"), st.just(0)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["", "  "]), st.booleans(), st.lists(EDITS, max_size=8))
def test_any_history_of_edits_reads_as_one_whole_parse(indent, empty, edits):
    with tempfile.TemporaryDirectory() as tmp:
        path, store = Path(tmp) / "tasks.yaml", Path(tmp) / "cache.sqlite"
        text = HEAD + ("" if empty else report(0, indent))
        cache = ParseCache(store)
        for kind, arg in [*edits, ("check", 0)]:
            if kind == "append":
                text += report(arg, indent)
            elif kind == "append broken":
                text += report(99, indent).replace("status: in_progress", arg)
            elif kind == "append text":
                text += arg
            elif kind == "rewrite" and text.count("Báo cáo số"):
                at = text.find("Báo cáo số", arg % len(text))
                text = text[:at] + "Đã sửa" + text[at + len("Báo cáo số") :] if at >= 0 else text
            elif kind == "save":
                cache.save()
                cache = ParseCache(store)
            path.write_text(text, encoding="utf-8")
            assert read(path, cache) == whole(text), text


def test_the_check_keeps_a_cache_and_says_the_same_with_it(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    first = tracker("check", cwd=repo)
    assert (repo / ".tracker-cache" / "parsed.sqlite").is_file()
    with sqlite3.connect(repo / ".tracker-cache" / "parsed.sqlite") as db:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] >= 3  # registry, directives, ledger
    ledger = repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8") + report(3, "  ").replace("2025-05-04", "4/5/2025"), "utf-8")
    cached, fresh = tracker("check", cwd=repo), tracker("check", "--no-cache", cwd=repo)
    assert first.returncode == 0 and cached.returncode == fresh.returncode == 1
    assert cached.stdout == fresh.stdout and "tasks.yaml:" in cached.stdout and "S004" in cached.stdout


def test_a_damaged_cache_costs_time_not_correctness(tmp_path):
    repo = make_repo(tmp_path / "repo", DEMO)
    assert tracker("check", cwd=repo).returncode == 0
    store = repo / ".tracker-cache" / "parsed.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("UPDATE entry SET value = x'00ff'")
    again = tracker("check", cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr
    store.write_bytes(b"not a database")
    assert tracker("check", cwd=repo).returncode == 0


def test_entries_from_other_code_are_dropped(tmp_path, monkeypatch):
    store = tmp_path / "cache.sqlite"
    cache = ParseCache(store)
    cache.put("k", 1)
    cache.save()
    assert ParseCache(store).get("k") == 1
    monkeypatch.setattr("generator.core.cache._code_version", lambda: "another version")
    assert ParseCache(store).get("k") is None


def test_entries_a_run_did_not_use_are_dropped_when_it_saves(tmp_path):
    store = tmp_path / "cache.sqlite"
    cache = ParseCache(store)
    cache.put("old", 1)
    cache.put("kept", 2)
    cache.save()
    cache = ParseCache(store)
    assert cache.get("kept") == 2
    cache.save()
    assert ParseCache(store).get("old") is None and ParseCache(store).get("kept") == 2


def test_problems_print_the_same_with_and_without_the_cache(tmp_path):
    path = tmp_path / "tasks.yaml"
    text = HEAD + report(0) + "- task: demo-ke-hoach/1.1\n  agency: demo-so-a\n  status: xong\n"
    path.write_text(text, encoding="utf-8")
    cached = read(path, ParseCache(tmp_path / "c.sqlite"))
    assert format_all(cached[1]) == format_all(whole(text)[1]) and cached[1]


def test_a_ledger_that_is_not_utf8_is_reported_as_a_whole_parse_reports_it():
    found: list = []
    data = b"reports:\n  - task: a\n    agency: b\n    date: 2025-01-01\n    status: done\n    note: S\xff\n"
    assert load_ledger(data, "tasks.yaml", found) == []
    assert [(p.code, p.line) for p in found] == [("Y002", 6)]


@pytest.mark.parametrize("index", [[(1,)], [(1, "k", "x")], [("x", "k")], [(1, 2)], [[10, "k"]]])
def test_an_index_of_another_shape_is_ignored(tmp_path, index):
    """The index of the ledger's segments, as another version of the code (or a hand) may have left it: read as
    empty, so the ledger is parsed again, never a crash."""
    text = HEAD + "".join(report(n) for n in range(5))
    (path := tmp_path / "tasks.yaml").write_text(text, encoding="utf-8")
    cache = ParseCache(tmp_path / "cache.sqlite")
    cache.put("ledger-index:tasks.yaml", index)
    with read_parts() as parts:
        assert read(path, cache) == whole(text)
    assert parts  # parsed, not taken from what the index named


def test_the_index_keeps_the_last_256_segments(tmp_path, monkeypatch):
    """One segment a report here: the index of where segments end does not grow without end (each load hashes the
    ledger up to every end it names)."""
    monkeypatch.setattr(ledger_load, "PART", 1)
    path, store = tmp_path / "tasks.yaml", tmp_path / "cache.sqlite"
    text = HEAD
    for n in range(260):
        text += report(n)
        path.write_text(text, encoding="utf-8")
        cache = ParseCache(store)
        read(path, cache)
        cache.save()
    ends = [end for end, _key in ledger_load._index(ParseCache(store), "tasks.yaml")]
    assert len(ends) == 256 and ends[0] == len(text.encode()) and ends == sorted(ends, reverse=True)
