"""Reporting by issue form: the intake workflow's command, run as the workflow runs it, against a local GitHub."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from github_git_fake import REPOSITORY, TOKEN, serving

from generator.core.checks import check_repository
from generator.review.issue_form import form_labels

from conftest import REPO, git

WORKFLOW = REPO / ".github" / "workflows" / "intake.yml"
FILLED = {
    "nhiem-vu": "demo-ke-hoach/1.2",
    "don-vi": "demo-so-a",
    "tinh-trang": "Hoàn thành",
    "ngay-bao-cao": "02/06/2025",
    "ngay-hoan-thanh": "01/06/2025",
    "noi-dung": "Đã xong: `mã` $(rm -rf /) ; # không phải chú thích\n- dòng hai",
    "kho-khan": "",
    "de-xuat": "",
    "gia-han": "",
    "ly-do-gia-han": "",
    "minh-chung": "12/BC-SOA | 01/06/2025 | https://example.gov.vn/12.pdf | Báo cáo kết quả",
}


def body(answers: dict[str, str]) -> str:
    """The issue's body as GitHub writes an issue form's answers."""
    labels = {v: k for k, v in form_labels(REPO).items()}
    return "".join(f"### {labels[key]}\n\n{value or '_No response_'}\n\n" for key, value in answers.items())


def event(number: int, author: str, answers: dict[str, str], action: str = "opened") -> dict:
    issue = {
        "number": number,
        "state": "open",
        "user": {"login": author},
        "labels": [{"name": "bao-cao"}],
        "created_at": "2025-06-02T01:00:00Z",
        "html_url": f"https://github.com/{REPOSITORY}/issues/{number}",
        "body": body(answers),
    }
    return {"action": action, "issue": issue}


@pytest.fixture
def intake_repo(repo):
    shutil.copytree(REPO / ".github" / "ISSUE_TEMPLATE", repo / ".github" / "ISSUE_TEMPLATE")
    git(repo, "checkout", "-q", "main")
    return repo


def run_workflow(repo: Path, server, payload: dict, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The workflow's own `run:` line of its intake step, with the environment Actions gives it."""
    step = next(
        s
        for s in yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["intake"]["steps"]
        if "tracker" in s.get("run", "")
    )
    path = tmp_path / f"event-{payload['issue']['number']}-{len(server.state.requests)}.json"
    path.write_text(json.dumps(payload), "utf-8")
    env = {
        **os.environ,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": server.url,
        "BASE_BRANCH": "main",
        "TRACKER_TODAY": "2025-06-02",
    }
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_workflow_reads_the_issue_only_through_a_file():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow[True] == {"issues": {"types": ["opened", "edited"]}}  # YAML reads `on` as true
    job = workflow["jobs"]["intake"]
    assert workflow["permissions"] == {} and "contents" in job["permissions"]
    checkout = job["steps"][0]["with"]
    assert (
        checkout["ref"] == "${{ github.event.repository.default_branch }}" and checkout["persist-credentials"] is False
    )
    for step in job["steps"]:
        assert not re.search(r"\$\{\{", step.get("run", "")), step["run"]  # no issue text in any shell command


def test_a_members_issue_becomes_a_pull_request_adding_one_valid_report_file(intake_repo, tmp_path):
    with serving() as server:
        result = run_workflow(intake_repo, server, event(7, "Le-A", FILLED), tmp_path)
        assert result.returncode == 0, result.stderr
        state = server.state
        assert [p["head"]["ref"] for p in state.pulls] == ["bao-cao/issue-7"]
        added = state.branches["bao-cao/issue-7"].added
        assert len(added) == 1
        ((name, text),) = added.items()
        assert name.startswith("reports/demo-ke-hoach/1.2/2025-06-02-demo-so-a-")
        assert (
            state.statuses[-1]["state"] == "success"
            and state.statuses[-1]["sha"] == state.branches["bao-cao/issue-7"].sha
        )
        assert state.labels[state.pulls[0]["number"]] == ["bao-cao"]
        assert "Closes #7" in state.pulls[0]["body"] and "@Le-A" in state.pulls[0]["body"]
        number, said = state.comments[-1]
        assert number == 7 and f"pull request #{state.pulls[0]['number']}" in said and "chờ Văn phòng duyệt" in said
        assert state.merged == []
    (intake_repo / name).parent.mkdir(parents=True, exist_ok=True)
    (intake_repo / name).write_text(text, "utf-8")
    dataset, diagnostics = check_repository(intake_repo)
    assert diagnostics == []
    report = next(r for r in dataset.reports if r.loc.file == name)
    assert report.status.value == "done" and report.completed.isoformat() == "2025-06-01"
    assert report.note == "Đã xong: `mã` $(rm -rf /) ; # không phải chú thích - dòng hai"
    assert report.evidence[0].document == "12/BC-SOA" and report.evidence[0].url == "https://example.gov.vn/12.pdf"


def test_a_non_members_issue_gets_a_vietnamese_refusal_and_no_pull_request(intake_repo, tmp_path):
    with serving() as server:
        result = run_workflow(intake_repo, server, event(8, "tran-b", FILLED), tmp_path)
        assert result.returncode == 0, result.stderr
        assert server.state.pulls == [] and set(server.state.branches) == {"main"}
        number, said = server.state.comments[-1]
        assert (
            number == 8 and "Chưa nhận được báo cáo" in said and "&#96;tran-b&#96; không có trong danh sách" in said
        )  # escaped: ids come from the issue


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"ngay-bao-cao": "31/02/2025"}, "không phải ngày hợp lệ"),
        ({"ngay-bao-cao": "01/05/2025"}, "phải từ ngày mở issue"),
        ({"noi-dung": ""}, "Thiếu «Nội dung đã thực hiện»"),
        ({"nhiem-vu": "demo-ke-hoach/9.9"}, "R003"),
        ({"tinh-trang": "Xong rồi"}, "«Tình trạng» phải là"),
        ({"nhiem-vu": "../../.github/workflows/x"}, "«Mã nhiệm vụ» không đúng dạng"),
        ({"don-vi": "demo-so-a/../x"}, "«Mã đơn vị» không đúng dạng"),
    ],
)
def test_a_wrong_report_is_answered_with_what_to_write(intake_repo, tmp_path, change, said):
    with serving() as server:
        result = run_workflow(intake_repo, server, event(9, "le-a", {**FILLED, **change}), tmp_path)
        assert result.returncode == 0, result.stderr
        assert server.state.pulls == []
        assert said in server.state.comments[-1][1]


def test_an_edited_issue_updates_its_pull_request_instead_of_opening_a_second(intake_repo, tmp_path):
    with serving() as server:
        assert run_workflow(intake_repo, server, event(10, "le-a", FILLED), tmp_path).returncode == 0
        edited = {**FILLED, "noi-dung": "Đã xong, bản sửa."}
        result = run_workflow(intake_repo, server, event(10, "le-a", edited, "edited"), tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(server.state.pulls) == 1
        added = server.state.branches["bao-cao/issue-10"].added
        assert len(added) == 1 and "Đã xong, bản sửa." in next(iter(added.values()))


def test_routine_reports_merge_themselves_when_the_office_chose_so(intake_repo, tmp_path):
    registry = intake_repo / "agencies.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace("groups:\n", "auto_merge_reports: true\ngroups:\n", 1), "utf-8"
    )
    with serving() as server:
        assert run_workflow(intake_repo, server, event(11, "le-a", FILLED), tmp_path).returncode == 0
        assert server.state.merged == [server.state.pulls[0]["number"]]
        assert "đã tự hợp nhất" in server.state.comments[-1][1]
        assert run_workflow(intake_repo, server, event(12, "tran-b", FILLED), tmp_path).returncode == 0
        assert len(server.state.merged) == 1  # a refused report is never merged


def test_an_issue_without_the_label_is_left_alone(intake_repo, tmp_path):
    payload = event(13, "le-a", FILLED)
    payload["issue"]["labels"] = []
    with serving() as server:
        result = run_workflow(intake_repo, server, payload, tmp_path)
        assert result.returncode == 0 and server.state.requests == []


def test_a_bad_token_is_said_without_a_traceback(intake_repo, tmp_path, monkeypatch):
    with serving() as server:
        monkeypatch.setattr("github_git_fake.TOKEN", "another")
        result = run_workflow(intake_repo, server, event(14, "le-a", FILLED), tmp_path)
        assert result.returncode == 1 and "401" in result.stderr and "Traceback" not in result.stderr


def test_a_github_that_cannot_be_reached_is_said_without_a_traceback(intake_repo, tmp_path):
    import socket

    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]

    class Nowhere:
        url = f"http://127.0.0.1:{closed}"

        class state:
            requests = ()

    result = run_workflow(intake_repo, Nowhere, event(15, "le-a", FILLED), tmp_path)
    assert result.returncode == 1 and "không gọi được GitHub" in result.stderr and "Traceback" not in result.stderr
