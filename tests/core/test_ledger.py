"""`tracker report`: one checked report appended to the ledger; every other byte of the file unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.checks import check_repository
from generator.core.ledger import add_report, render_report
from generator.core.yamlio import load_text

from conftest import tracker


def fields(**more) -> dict:
    base = {
        "task": "demo-ke-hoach/1.2",
        "agency": "demo-so-a",
        "date": date(2025, 6, 2),
        "status": "in_progress",
        "note": "Đang làm.",
    }
    return {**base, **more}


def last_report(repo: Path):
    dataset, diagnostics = check_repository(repo)
    assert diagnostics == []
    return dataset.reports[-1]


def test_appends_and_keeps_every_existing_byte(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_bytes(ledger.read_bytes() + b"  # a comment after the last report, and no final newline")
    before = ledger.read_bytes()
    assert (
        add_report(
            demo_repo,
            fields(
                blocked=True,
                difficulties="Thiếu số liệu.",
                evidence=[{"document": "5/BC", "url": "https://example.org/5.pdf"}],
            ),
        )
        == []
    )
    after = ledger.read_bytes()
    assert after.startswith(before + b"\n")
    report = last_report(demo_repo)
    assert (report.task, report.agency, report.date, report.blocked, report.difficulties) == (
        "demo-ke-hoach/1.2",
        "demo-so-a",
        date(2025, 6, 2),
        True,
        "Thiếu số liệu.",
    )
    assert report.evidence[0].url == "https://example.org/5.pdf"


def test_an_empty_ledger_list_becomes_a_block_list(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text("# Sổ theo dõi\nreports: []  # chưa có báo cáo\n", "utf-8")
    assert add_report(demo_repo, fields()) == []
    text = ledger.read_text("utf-8")
    assert text.startswith("# Sổ theo dõi\nreports:  # chưa có báo cáo\n  - task: demo-ke-hoach/1.2\n")
    assert last_report(demo_repo).note == "Đang làm."


@pytest.mark.parametrize(
    "note",
    [
        "no",
        "1.10",
        'say "hi"',
        "key: value",
        "# not a comment",
        "two\nlines",
        "<script>alert(1)</script>",
        "- x",
        "@at",
        "Tiếp tục: rà soát, kiểm tra.",
        "trailing space ",
    ],
)
def test_any_text_reads_back_exactly(note):
    item = render_report(fields(note=note))
    tree, problems = load_text("reports:\n" + item, "tasks.yaml")
    assert problems == []
    assert str(tree["reports"][0]["note"]) == note


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"task": "demo-ke-hoach/9.9"}, "R003"),
        ({"agency": "demo-cong-an"}, "R004"),
        ({"completed": date(2025, 6, 1)}, "R008"),
        ({"evidence": [{"url": "javascript:alert(1)"}]}, "S010"),
        ({"status": "xong"}, "S006"),
    ],
)
def test_a_wrong_report_is_refused_and_the_file_left_alone(demo_repo, change, code):
    before = (demo_repo / "tasks.yaml").read_bytes()
    problems = add_report(demo_repo, fields(**change))
    assert [p.code for p in problems] == [code]
    assert (demo_repo / "tasks.yaml").read_bytes() == before


@pytest.mark.parametrize("task", ["demo-ke-hoach/2.1/ca-nam", "demo-ke-hoach/2.3/2025-q2"])
def test_deliverables_and_periods(demo_repo, task):
    assert add_report(demo_repo, fields(task=task)) == []
    assert last_report(demo_repo).task == task


def test_the_command_line(demo_repo):
    result = tracker(
        "report",
        "demo-ke-hoach/1.1",
        "--agency",
        "demo-so-b",
        "--status",
        "done",
        "--date",
        "2025-06-03",
        "--note",
        "Đã nộp báo cáo.",
        "--evidence-document",
        "7/BC-SOB",
        cwd=demo_repo,
    )
    assert result.returncode == 0, result.stderr
    report = last_report(demo_repo)
    assert (report.status.value, report.evidence[0].document) == ("done", "7/BC-SOB")
    refused = tracker(
        "report", "demo-ke-hoach/1.1", "--agency", "demo-cong-an", "--status", "done", "--note", "x", cwd=demo_repo
    )
    assert refused.returncode == 1 and " R004 " in refused.stderr and "Traceback" not in refused.stderr


def test_a_report_is_written_in_the_documented_order_with_its_evidence_and_empty_fields_left_out():
    item = render_report(
        fields(
            status="done",
            completed=date(2025, 6, 1),
            blocked=True,
            difficulties="",
            evidence=[
                {
                    "document": "12/BC-SYT",
                    "date": date(2025, 6, 1),
                    "url": "https://example.org/a.pdf",
                    "title": "BC",
                },
                {"url": "https://example.org/b.pdf"},
            ],
        )
    )
    assert item == (
        "  - task: demo-ke-hoach/1.2\n"
        "    agency: demo-so-a\n"
        "    date: 2025-06-02\n"
        "    status: done\n"
        "    completed: 2025-06-01\n"
        "    note: Đang làm.\n"
        "    blocked: true\n"
        "    evidence:\n"
        "      - document: 12/BC-SYT\n"
        "        date: 2025-06-01\n"
        "        url: https://example.org/a.pdf\n"
        "        title: BC\n"
        "      - url: https://example.org/b.pdf\n"
    )


def test_quoted_text_keeps_its_letters_readable():
    from generator.core.ledger import scalar

    assert scalar('Sở Y tế: "đã xong"') == '"Sở Y tế: \\"đã xong\\""'
    assert (scalar(True), scalar(False), scalar(date(2025, 6, 1))) == ("true", "false", "2025-06-01")
    assert (scalar("Đang làm."), scalar("1.10")) == ("Đang làm.", '"1.10"')


def test_appended_text_changes_only_an_empty_list_and_ends_lines():
    from generator.core.ledger import HEADER, appended

    item = "  - task: x\n"
    assert appended(None, item) == HEADER + item
    assert appended("reports: []\n# reports: []", item) == "reports:\n# reports: []\n" + item
    assert appended("", item) == item


def test_a_refused_report_leaves_no_temporary_file(demo_repo):
    assert [p.code for p in add_report(demo_repo, fields(task="demo-ke-hoach/9.9"))] == ["R003"]
    assert add_report(demo_repo, fields()) == []
    assert sorted(p.name for p in demo_repo.iterdir() if p.name.startswith(".")) == []


def test_a_warning_elsewhere_does_not_refuse_a_report(demo_repo):
    directive = demo_repo / "directives" / "demo-ke-hoach.yaml"
    directive.write_text(directive.read_text("utf-8").replace("deadline: 2025-05-15", "deadline: 2024-05-15"), "utf-8")
    assert add_report(demo_repo, fields()) == []  # R010 on the directive is a warning, and not about this report
    directive.write_text(directive.read_text("utf-8").replace("deadline: 2024-05-15", "deadline: 15/5/2025"), "utf-8")
    assert add_report(demo_repo, fields()) == []  # an error elsewhere is the directive's to fix, not this report's


def test_a_failed_write_leaves_the_ledger_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    import os

    from generator.core.ledger import write_atomically

    path = tmp_path / "tasks.yaml"
    path.write_text("reports:\n", "utf-8")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(path, "reports:\n  - task: x\n")
    assert path.read_text("utf-8") == "reports:\n" and [p.name for p in tmp_path.iterdir()] == ["tasks.yaml"]


def test_the_first_report_creates_the_ledger(demo_repo):
    from generator.core.ledger import HEADER

    (demo_repo / "tasks.yaml").unlink()
    assert add_report(demo_repo, fields()) == []
    assert (demo_repo / "tasks.yaml").read_text("utf-8") == HEADER + render_report(fields())


def test_a_problem_in_an_earlier_report_does_not_refuse_a_new_one(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace("agency: demo-so-b", "agency: demo-cong-an", 1), "utf-8")
    assert add_report(demo_repo, fields()) == []  # the earlier R004 is not this report's
    assert [p.code for p in add_report(demo_repo, fields(agency="demo-cong-an"))] == ["R004"]
