"""`tracker remind` against the strict local GitHub API (tests/remind/github_fake.py), run as the workflow runs
it: no `--state`, so what was sent is read back from the reminder issues themselves."""

from __future__ import annotations

import re

import pytest
from github_fake import FakeGitHub, env_for, serving
from remind_helpers import OFFICE_MAIL, add_contacts, as_the_workflow, mail_env, remind, workflow_step
from smtp_servers import real_server

LABEL = "nhac-viec"
KEYS = {"demo-so-a", "demo-so-b", "demo-cong-an", "van-phong"}


@pytest.fixture
def reminded_repo(demo_repo):
    return add_contacts(demo_repo)


@pytest.fixture
def github():
    with serving() as server:
        yield server


def issue_of(server: FakeGitHub, agency: str) -> dict:
    (issue,) = [i for i in server.issues() if f"<!-- tracker:reminder {agency} -->" in i["body"]]
    return issue


def keys_of(server: FakeGitHub) -> set[str]:
    return {re.search(r"tracker:reminder (\S+)", i["body"]).group(1) for i in server.issues()}


def test_the_workflow_runs_the_command_these_tests_run():
    command, env = workflow_step()
    assert command == ["tracker", "remind"]  # no --state: the tests below run it so
    assert {"GITHUB_TOKEN", "TRACKER_SMTP_HOST", "TRACKER_OFFICE_EMAILS"} <= set(env)


def test_run_as_the_workflow_twice_the_same_day_posts_and_sends_nothing_the_second_time(reminded_repo, github):
    with real_server() as (inbox, port):
        secrets = {"GITHUB_TOKEN": "test-token", **mail_env(port)}
        actions = {"GITHUB_REPOSITORY": "ubnd/theo-doi", "GITHUB_API_URL": github.url, "TRACKER_TODAY": "2025-05-16"}
        first = as_the_workflow(reminded_repo, secrets, actions)
        assert first.returncode == 1, first.stdout + first.stderr  # only the police's address is refused
        assert keys_of(github) == KEYS and len(inbox.messages) == 3
        assert inbox.parsed()[0][0] == [OFFICE_MAIL]  # the Office's digest goes first

        writes, mails = len(github.writes()), len(inbox.messages)
        second = as_the_workflow(reminded_repo, secrets, actions)
        assert github.writes()[writes:] == [] and len(inbox.messages) == mails, second.stdout
        assert "Đã gửi thư: 0" in second.stdout

        week = {**actions, "TRACKER_TODAY": "2025-05-23"}
        as_the_workflow(reminded_repo, secrets, week)
        so_b = issue_of(github, "demo-so-b")
        (comment,) = github.comments[so_b["number"]]
        assert comment["body"].startswith("@demo-so-b-login Nhắc việc 23/05/2025: 1 quá hạn")
        writes, mails = len(github.writes()), len(inbox.messages)
        as_the_workflow(reminded_repo, secrets, week)
        assert github.writes()[writes:] == [] and len(inbox.messages) == mails


def test_one_issue_per_agency_updated_in_place_closed_when_clear_reopened_when_due_again(reminded_repo, github):
    env = env_for(github)
    assert remind(reminded_repo, "2025-05-16", env).returncode == 0
    so_b = issue_of(github, "demo-so-b")
    assert so_b["title"] == "Nhắc việc: Sở B (demo)" and so_b["labels"] == [{"name": LABEL}]
    assert "@demo-so-b-login" in so_b["body"] and "demo-ke-hoach/1.1" in so_b["body"]
    assert "@vp-office" in issue_of(github, "van-phong")["body"]

    assert remind(reminded_repo, "2025-05-23", env).returncode == 0
    assert len(github.issues()) == 4  # updated in place, never a second issue for an agency
    assert len(github.comments[so_b["number"]]) == 1
    assert "quá hạn 8 ngày" in issue_of(github, "demo-so-b")["body"]

    github.items[so_b["number"]]["state"] = "closed"  # someone closes it by hand; the work is still overdue
    assert remind(reminded_repo, "2025-05-30", env).returncode == 0
    assert issue_of(github, "demo-so-b")["state"] == "open" and len(github.issues()) == 4  # the same one, reopened

    with (reminded_repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write("  - task: demo-ke-hoach/1.1\n    agency: demo-so-b\n    date: 2025-05-30\n    status: done\n")
    assert remind(reminded_repo, "2025-05-31", env).returncode == 0
    assert issue_of(github, "demo-so-b")["state"] == "closed"
    assert issue_of(github, "demo-cong-an")["state"] == "open"


def test_the_state_in_an_issue_is_what_stops_a_second_reminder(reminded_repo, github):
    env = env_for(github)
    remind(reminded_repo, "2025-05-16", env)
    so_b = issue_of(github, "demo-so-b")
    so_b["body"] = re.sub(r"<!-- tracker:state demo-so-b github \S+ -->", "", so_b["body"])  # forgotten
    remind(reminded_repo, "2025-05-16", env)
    assert len(github.comments[so_b["number"]]) == 1  # no state: so-b is reminded again, the others not
    assert sum(len(c) for c in github.comments.values()) == 1


def test_a_damaged_state_marker_is_a_warning_and_counts_as_not_sent(reminded_repo, github):
    env = env_for(github)
    remind(reminded_repo, "2025-05-16", env)
    so_b = issue_of(github, "demo-so-b")
    so_b["body"] = re.sub(r"(tracker:state demo-so-b github )\S+", r"\1bm90IHpsaWI=", so_b["body"])
    result = remind(reminded_repo, "2025-05-16", env)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "cảnh báo: trạng thái đã gửi của demo-so-b (github) trong issue của demo-so-b" in result.stdout
    assert len(github.comments[so_b["number"]]) == 1 and sum(len(c) for c in github.comments.values()) == 1


def test_an_outage_sends_nothing_on_any_run(reminded_repo, github):
    github.down = True
    with real_server() as (inbox, port):
        env = {**mail_env(port), **env_for(github)}
        for _ in range(3):
            result = remind(reminded_repo, "2025-05-16", env)
            assert result.returncode == 1 and "không gửi vì trạng thái đã gửi" in result.stdout
        assert inbox.messages == [] and github.writes() == []
        github.down = False
        remind(reminded_repo, "2025-05-16", env)
        assert len(inbox.messages) == 3 and keys_of(github) == KEYS


def test_an_outage_mid_run_stops_the_mail_it_could_not_remember(reminded_repo, github):
    with real_server() as (inbox, port):
        env = {**mail_env(port), **env_for(github)}
        github.down_after = 2  # the listing and the Office's issue, then nothing
        remind(reminded_repo, "2025-05-16", env)
        assert [to for to, _ in inbox.messages] == [[OFFICE_MAIL]]  # no agency mail whose state was not saved
        github.down_after = None
        remind(reminded_repo, "2025-05-16", env)
        remind(reminded_repo, "2025-05-16", env)
        counts = [to[0] for to, _ in inbox.messages]
        assert sorted(counts) == sorted([OFFICE_MAIL, OFFICE_MAIL, "vanthu@so-a.example", "vanthu@so-b.example"])


def test_with_a_state_file_mail_goes_on_without_github(reminded_repo, github):
    github.down = True
    with real_server() as (inbox, port):
        state = ("--state", str(reminded_repo / "state.yaml"))
        result = remind(reminded_repo, "2025-05-16", {**mail_env(port), **env_for(github)}, *state)
        assert result.returncode == 1 and len(inbox.messages) == 3  # e-mail's state is the file
        remind(reminded_repo, "2025-05-16", {**mail_env(port), **env_for(github)}, *state)
        assert len(inbox.messages) == 3


@pytest.mark.parametrize("kind", ["create-issue", "comment"])
def test_a_write_whose_answer_was_lost_is_not_made_twice(reminded_repo, github, kind):
    env = env_for(github)
    if kind == "comment":
        remind(reminded_repo, "2025-05-16", env)
    github.lose[kind] = 1
    result = remind(reminded_repo, "2025-05-23" if kind == "comment" else "2025-05-16", env)
    assert result.returncode == 0, result.stdout
    assert github.lose[kind] == 0  # the answer was lost
    assert keys_of(github) == KEYS and len(github.issues()) == 4
    assert all(len(c) <= 1 for c in github.comments.values())


def test_pull_requests_and_unlabelled_issues_are_not_reminder_issues(reminded_repo, github):
    marker = "<!-- tracker:reminder demo-so-b -->"
    pr = github.add_pull_request("Sửa mẫu nhắc việc", f"Ví dụ: {marker}", (LABEL,))
    quoted = github.add_issue("Hỏi về nhắc việc", f"Tôi thấy {marker} trong issue")
    for n in range(120):  # more than one page of other labelled issues and pull requests
        github.add_issue(f"Khác {n}", "", (LABEL,))
    assert remind(reminded_repo, "2025-05-16", env_for(github)).returncode == 0
    assert pr["body"].startswith("Ví dụ") and quoted["body"].startswith("Tôi thấy")
    assert [p for m, p in github.writes() if p.endswith((f"/{pr['number']}", f"/{quoted['number']}"))] == []
    assert len([i for i in github.issues() if "tracker:reminder demo-so-b" in i["body"]]) == 2  # quoted + ours
    pages = [q.get("page", ["1"])[0] for m, p, q in github.requests if m == "GET" and p.endswith("/issues")]
    assert pages == ["1", "2"]


def test_a_rate_limit_is_waited_out_as_github_asks(reminded_repo, github):
    github.rate_limit(requests=1, retry_after=1, code=403)
    assert remind(reminded_repo, "2025-05-16", env_for(github)).returncode == 0
    assert keys_of(github) == KEYS
    assert len([r for r in github.requests if r[0] == "GET"]) == 2  # refused once, then after the wait


def test_a_rate_limit_longer_than_the_bound_is_not_waited(reminded_repo, github):
    github.rate_limit(requests=1, retry_after=3600)
    result = remind(reminded_repo, "2025-05-16", env_for(github))
    assert result.returncode == 1 and "phải chờ 3600 giây" in result.stdout
    assert len(github.requests) == 1 and github.writes() == []


@pytest.mark.parametrize(
    ("env", "said"),
    [({"GITHUB_TOKEN": "wrong"}, "401"), ({"GITHUB_REPOSITORY": "ubnd/khac"}, "404")],
)
def test_a_bad_token_or_repository_is_said_and_nothing_is_sent(reminded_repo, github, env, said):
    with real_server() as (inbox, port):
        result = remind(reminded_repo, "2025-05-16", {**mail_env(port), **env_for(github), **env})
    assert result.returncode == 1 and f"GitHub trả lời {said}" in result.stdout and "Traceback" not in result.stderr
    assert inbox.messages == [] and github.writes() == []
