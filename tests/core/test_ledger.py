"""`tracker report`: one checked report written as a new file of `reports/`; nothing else changes."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from generator.core.checks import check_repository
from generator.core.clock import VIETNAM
from generator.core.ledger import add_report, render_report, render_report_file
from generator.core.yamlio import load_text

from conftest import tracker

NOW = datetime(2025, 6, 2, 15, 30, 12, tzinfo=VIETNAM)


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


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*")) if p.is_file()}


def test_writes_one_new_file_named_for_its_task_date_and_agency_and_nothing_else(demo_repo):
    before = snapshot(demo_repo)
    more = {
        "blocked": True,
        "difficulties": "Thiếu số liệu.",
        "evidence": [{"document": "5/BC", "url": "https://example.org/5.pdf"}],
    }
    written, problems = add_report(demo_repo, fields(**more), NOW)
    assert problems == []
    assert written.startswith("reports/demo-ke-hoach/1.2/2025-06-02-demo-so-a-153012-")
    after = snapshot(demo_repo)
    assert {k: v for k, v in after.items() if k != written} == before  # tasks.yaml and every other file as they were
    report = last_report(demo_repo)
    assert report.loc.file == written
    assert (report.task, report.agency, report.date, report.blocked, report.difficulties) == (
        "demo-ke-hoach/1.2",
        "demo-so-a",
        date(2025, 6, 2),
        True,
        "Thiếu số liệu.",
    )
    assert report.evidence[0].url == "https://example.org/5.pdf"


def test_two_reports_of_one_agency_on_one_day_get_two_files(demo_repo):
    first, _ = add_report(demo_repo, fields(note="Lần một."), NOW)
    second, _ = add_report(demo_repo, fields(note="Lần hai."), NOW)
    assert first != second and first and second
    assert last_report(demo_repo).note in {"Lần một.", "Lần hai."}


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
    tree, problems = load_text("reports:\n" + render_report(fields(note=note)), "tasks.yaml")
    assert problems == []
    assert str(tree["reports"][0]["note"]) == note
    tree, problems = load_text(render_report_file(fields(note=note)), "reports/x.yaml")
    assert problems == []
    assert str(tree["note"]) == note


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
def test_a_wrong_report_is_refused_and_nothing_written(demo_repo, change, code):
    before = snapshot(demo_repo)
    written, problems = add_report(demo_repo, fields(**change), NOW)
    assert written is None
    assert [p.code for p in problems] == [code]
    assert snapshot(demo_repo) == before


@pytest.mark.parametrize("task", ["demo-ke-hoach/2.1/ca-nam", "demo-ke-hoach/2.3/2025-q2"])
def test_deliverables_and_periods(demo_repo, task):
    written, problems = add_report(demo_repo, fields(task=task), NOW)
    assert problems == [] and written.startswith(f"reports/{task}/")
    assert last_report(demo_repo).task == task


def test_a_file_whose_name_does_not_match_its_content_is_refused(demo_repo):
    written, _ = add_report(demo_repo, fields(), NOW)
    moved = demo_repo / written.replace("demo-so-a", "demo-so-b")
    (demo_repo / written).rename(moved)
    _dataset, diagnostics = check_repository(demo_repo)
    assert [(d.file, d.code) for d in diagnostics] == [(str(moved.relative_to(demo_repo)), "R020")]
    assert "2025-06-02-demo-so-a-HHMMSS-xxxx.yaml" in diagnostics[0].message
    other = demo_repo / "reports" / "demo-ke-hoach" / "1.1" / moved.name.replace("demo-so-b", "demo-so-a")
    other.parent.mkdir(parents=True)
    moved.rename(other)  # the right name under another task's folder
    _dataset, diagnostics = check_repository(demo_repo)
    assert [d.code for d in diagnostics] == ["R020"] and "reports/demo-ke-hoach/1.2/" in diagnostics[0].message


def test_a_file_that_is_not_yaml_under_reports_is_refused_not_ignored(demo_repo):
    (demo_repo / "reports" / "demo-ke-hoach").mkdir(parents=True)
    (demo_repo / "reports" / "demo-ke-hoach" / "bao-cao.yml").write_text("task: x\n", "utf-8")
    _dataset, diagnostics = check_repository(demo_repo)
    assert [d.code for d in diagnostics] == ["R021"]


def test_reports_of_a_day_follow_the_ledger_then_the_files_in_name_order(demo_repo):
    add_report(demo_repo, fields(note="Sau.", status="done"), datetime(2025, 6, 2, 16, 0, tzinfo=VIETNAM))
    add_report(demo_repo, fields(note="Trước."), datetime(2025, 6, 2, 9, 0, tzinfo=VIETNAM))
    assert last_report(demo_repo).note == "Sau."  # the later file of the day is the report in force


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
    assert "reports/demo-ke-hoach/1.1/2025-06-03-demo-so-b-" in result.stdout
    report = last_report(demo_repo)
    assert (report.status.value, report.evidence[0].document) == ("done", "7/BC-SOB")
    refused = tracker(
        "report", "demo-ke-hoach/1.1", "--agency", "demo-cong-an", "--status", "done", "--note", "x", cwd=demo_repo
    )
    assert refused.returncode == 1 and " R004 " in refused.stderr and "Traceback" not in refused.stderr


def test_fifty_report_branches_from_one_base_merge_without_conflict(repo):
    """Fifty agencies' pull requests made at once, merged one after another with plain `git merge`."""
    from conftest import git

    git(repo, "checkout", "-q", "main")
    tasks = ["demo-ke-hoach/1.1", "demo-ke-hoach/1.2"]
    for n in range(50):
        git(repo, "checkout", "-q", "-b", f"bao-cao-{n}", "main")
        agency = "demo-so-a" if n % 2 else "demo-so-b"
        task = tasks[n % 2] if agency == "demo-so-b" else "demo-ke-hoach/1.2"
        moment = datetime(2025, 6, 2, 8, n // 60, n % 60, tzinfo=VIETNAM)
        written, problems = add_report(repo, fields(task=task, agency=agency, note=f"Báo cáo số {n}."), moment)
        assert problems == [], problems
        git(repo, "add", written)
        git(repo, "commit", "-q", "-m", f"báo cáo {n}")
    git(repo, "checkout", "-q", "main")
    for n in range(50):
        merged = subprocess.run(
            ["git", "-C", str(repo), "merge", "-q", "--no-edit", f"bao-cao-{n}"], capture_output=True
        )
        assert merged.returncode == 0, merged.stdout + merged.stderr
    dataset, diagnostics = check_repository(repo)
    assert diagnostics == []
    notes = {r.note for r in dataset.reports}
    assert {f"Báo cáo số {n}." for n in range(50)} <= notes
    result = tracker("build", "--today", "2025-06-05", cwd=repo)
    assert result.returncode == 0, result.stderr
    page = (repo / "site" / "van-ban" / "demo-ke-hoach" / "index.html").read_text("utf-8")
    assert all(f"Báo cáo số {n}." in page for n in range(50))


def test_the_old_single_ledger_path_conflicts(repo):
    """Why reports are files: two branches that each append to tasks.yaml from one base cannot both merge."""
    from conftest import NEW_REPORT, git

    git(repo, "checkout", "-q", "main")
    for n in range(2):
        git(repo, "checkout", "-q", "-b", f"so-cai-{n}", "main")
        with (repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
            ledger.write(NEW_REPORT.replace("Đã hoàn thành.", f"Đã hoàn thành, lần {n}."))
        git(repo, "commit", "-q", "-am", f"so cai {n}")
    git(repo, "checkout", "-q", "main")
    assert subprocess.run(["git", "-C", str(repo), "merge", "-q", "so-cai-0"], capture_output=True).returncode == 0
    second = subprocess.run(["git", "-C", str(repo), "merge", "-q", "--no-edit", "so-cai-1"], capture_output=True)
    assert second.returncode != 0 and b"CONFLICT" in second.stdout


def test_a_request_for_more_time_is_kept_and_must_be_after_the_report(demo_repo):
    request = {"until": date(2025, 7, 1), "reason": "Chờ số liệu: các huyện chưa gửi."}
    written, problems = add_report(demo_repo, fields(extension_request=request), NOW)
    assert problems == [] and written
    kept = last_report(demo_repo).extension_request
    assert (kept.until, kept.reason) == (date(2025, 7, 1), "Chờ số liệu: các huyện chưa gửi.")
    written, problems = add_report(demo_repo, fields(extension_request={"until": date(2025, 6, 2)}), NOW)
    assert written is None and [p.code for p in problems] == ["R022"]


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


def test_a_refused_report_leaves_no_temporary_file(demo_repo):
    assert [p.code for p in add_report(demo_repo, fields(task="demo-ke-hoach/9.9"), NOW)[1]] == ["R003"]
    written, problems = add_report(demo_repo, fields(), NOW)
    assert problems == [] and written
    assert sorted(p.name for p in demo_repo.rglob(".*") if p.is_file() and ".tracker-cache" not in p.parts) == []


def test_a_warning_elsewhere_does_not_refuse_a_report(demo_repo):
    directive = demo_repo / "directives" / "demo-ke-hoach.yaml"
    directive.write_text(directive.read_text("utf-8").replace("deadline: 2025-05-15", "deadline: 2024-05-15"), "utf-8")
    assert add_report(demo_repo, fields(), NOW)[1] == []  # R010 on the directive is a warning, not about this report
    directive.write_text(directive.read_text("utf-8").replace("deadline: 2024-05-15", "deadline: 15/5/2025"), "utf-8")
    assert add_report(demo_repo, fields(), NOW)[1] == []  # an error elsewhere is the directive's to fix


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


def test_the_first_report_needs_no_ledger_entry(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text("reports: []\n", "utf-8")
    written, problems = add_report(demo_repo, fields(), NOW)
    assert problems == [] and written and ledger.read_text("utf-8") == "reports: []\n"


def test_a_problem_in_an_earlier_report_does_not_refuse_a_new_one(demo_repo):
    ledger = demo_repo / "tasks.yaml"
    ledger.write_text(ledger.read_text("utf-8").replace("agency: demo-so-b", "agency: demo-cong-an", 1), "utf-8")
    assert add_report(demo_repo, fields(), NOW)[1] == []  # the earlier R004 is not this report's
    assert [p.code for p in add_report(demo_repo, fields(agency="demo-cong-an"), NOW)[1]] == ["R004"]


def test_the_report_file_has_the_reports_keys_at_the_top_level_after_its_header(demo_repo):
    written, problems = add_report(demo_repo, fields(), NOW)
    assert problems == []
    text = (demo_repo / written).read_text("utf-8")
    assert text == render_report_file(fields())
    assert text.endswith(
        "task: demo-ke-hoach/1.2\nagency: demo-so-a\ndate: 2025-06-02\nstatus: in_progress\nnote: Đang làm.\n"
    )


def test_a_report_without_a_date_is_refused_with_a_message_not_a_traceback(demo_repo):
    written, problems = add_report(demo_repo, fields(date=None), NOW)
    assert written is None and [(p.code, p.message) for p in problems] == [("S001", "Thiếu khóa bắt buộc `date`.")]


def test_a_file_of_the_same_name_is_never_overwritten(demo_repo, monkeypatch):
    import generator.core.ledger as ledger

    monkeypatch.setattr(ledger, "stamp", lambda _now: "153012-abcd")  # the random part, drawn twice the same
    written, problems = add_report(demo_repo, fields(note="Lần một."), NOW)
    assert problems == [] and written.endswith("-153012-abcd.yaml")
    before = (demo_repo / written).read_bytes()
    again, refused = add_report(demo_repo, fields(note="Lần hai."), NOW)
    assert again is None and [(p.file, p.line, p.col, p.code) for p in refused] == [(written, 1, 1, "R020")]
    assert (demo_repo / written).read_bytes() == before
