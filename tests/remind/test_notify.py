"""`tracker remind` in this process (the command line's own parser and `cmd_remind`, as a subprocess would run
them) against the strict GitHub fake and a real SMTP server: what each channel is sent, word for word, run after
run. In-process, so that each run takes a fraction of a second: these are the tests that catch a small change of
the reminder code first (the subprocess tests in test_github.py and test_mail.py run the same path end to end)."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from github_fake import FakeGitHub, env_for, serving
from remind_helpers import OFFICE_MAIL, SITE, add_contacts, mail_env
from smtp_servers import free_port, real_server

from generator.cli import parser

AMBIENT = ("GITHUB_REPOSITORY", "GITHUB_TOKEN", "TRACKER_TODAY", "TRACKER_SMTP_HOST", "TRACKER_OFFICE_EMAILS")
KEYS = {"demo-so-a", "demo-so-b", "demo-cong-an", "van-phong"}


@pytest.fixture
def reminded_repo(demo_repo):
    return add_contacts(demo_repo)


@pytest.fixture
def github():
    with serving() as server:
        yield server


@pytest.fixture(autouse=True)
def pauses(monkeypatch) -> list[float]:
    """The pauses between attempts, GitHub's and the mail's, recorded rather than slept (test_fakes.py and
    test_mail_session.py assert them; test_github.py and test_mail.py sleep them for real)."""
    from generator.remind import github as client
    from generator.remind import mail

    slept: list[float] = []
    monkeypatch.setattr(client, "time", SimpleNamespace(sleep=slept.append, time=time.time))
    monkeypatch.setattr(mail, "time", SimpleNamespace(sleep=slept.append))
    return slept


def run(
    repo: Path, today: str, env: dict[str, str], *more: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> tuple[int, str]:
    """One `tracker remind --today … --site-url …` with `env` as its whole reminder configuration."""
    with monkeypatch.context() as patch:
        for name in AMBIENT:
            patch.delenv(name, raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        patch.chdir(repo)
        args = parser().parse_args(["remind", "--today", today, "--site-url", SITE, *more])
        code = args.run(args)
    out, err = capsys.readouterr()
    return code, out + err


def issue_of(server: FakeGitHub, agency: str) -> dict:
    (issue,) = [i for i in server.issues() if f"<!-- tracker:reminder {agency} -->" in i["body"]]
    return issue


def keys_of(server: FakeGitHub) -> set[str]:
    return {re.search(r"tracker:reminder (\S+)", i["body"]).group(1) for i in server.issues()}


def test_both_channels_the_first_run_then_nothing_the_same_day(reminded_repo, github, monkeypatch, capsys):
    with real_server() as (inbox, port):
        env = {**env_for(github), **mail_env(port)}
        code, out = run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert code == 1  # the police's address is refused
        assert out.splitlines()[0] == "Đã gửi thư: 3; đã mở/cập nhật/đóng issue: 4; bỏ qua: 0; lỗi: 1."
        assert "  gửi: demo-so-b → vanthu@so-b.example" in out.splitlines()
        assert "  issue: demo-so-b: mở issue #" in out
        assert "  LỖI: thư cho demo-cong-an: máy chủ thư từ chối mọi người nhận: refuse@ca.example" in out
        assert keys_of(github) == KEYS and next(to for to, _ in inbox.messages) == [OFFICE_MAIL]
        assert (
            "<!-- tracker:state demo-so-b email " in issue_of(github, "demo-so-b")["body"]
        )  # mail's state, kept there
        (office,) = [m for to, m in inbox.parsed() if to == [OFFICE_MAIL]]
        assert office["Subject"].startswith("[Nhắc việc] Văn phòng UBND tỉnh: nhiệm vụ quá hạn kéo dài: ")

        writes, mails = len(github.writes()), len(inbox.messages)
        code, out = run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert github.writes()[writes:] == [] and len(inbox.messages) == mails
        assert out.splitlines()[0] == "Đã gửi thư: 0; đã mở/cập nhật/đóng issue: 0; bỏ qua: 0; lỗi: 0."
        assert code == 0


def test_an_issue_says_what_is_due_links_the_site_and_is_remembered(reminded_repo, github, monkeypatch, capsys):
    env = env_for(github)
    assert run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    so_b = issue_of(github, "demo-so-b")
    assert so_b["title"] == "Nhắc việc: Sở B (demo)" and so_b["state"] == "open"
    assert re.search(r"<!-- tracker:state demo-so-b github [A-Za-z0-9+/=]+ -->", so_b["body"])
    assert "demo-ke-hoach/1.1" in so_b["body"] and "@demo-so-b-login" in so_b["body"]
    assert github.comments.get(so_b["number"], []) == []  # a new issue notifies its mentions itself
    assert "tracker:state" not in issue_of(github, "van-phong")["body"]  # the Office's records are in the agencies'
    assert re.search(r"tracker:state \S+ email", so_b["body"]) is None  # no mail configured: no mail records

    code, out = run(reminded_repo, "2025-05-23", env, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and len(github.issues()) == 4
    (comment,) = github.comments[so_b["number"]]
    assert comment["body"] == (
        "@demo-so-b-login Nhắc việc 23/05/2025: 1 quá hạn, 0 đến hạn hôm nay, 0 sắp đến hạn. Chi tiết ở nội dung issue."
    )
    assert f"  issue: demo-so-b: nhắc lại ở issue #{so_b['number']}" in out.splitlines()
    assert "mở lại" not in out  # updated in place, not reopened
    assert "quá hạn 8 ngày" in issue_of(github, "demo-so-b")["body"]


def test_closed_by_hand_it_is_reopened_and_closed_when_the_work_is_done(reminded_repo, github, monkeypatch, capsys):
    env = env_for(github)
    run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
    number = issue_of(github, "demo-so-b")["number"]
    github.items[number]["state"] = "closed"
    code, out = run(reminded_repo, "2025-05-17", env, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and issue_of(github, "demo-so-b")["state"] == "open"
    assert f"  issue: demo-so-b: mở lại issue #{number}" in out.splitlines()

    with (reminded_repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write("  - task: demo-ke-hoach/1.1\n    agency: demo-so-b\n    date: 2025-05-17\n    status: done\n")
    code, out = run(reminded_repo, "2025-05-18", env, monkeypatch=monkeypatch, capsys=capsys)
    assert issue_of(github, "demo-so-b")["state"] == "closed"
    assert github.items[number]["state_reason"] == "completed"
    assert f"  issue: demo-so-b: đóng issue #{number} (không còn việc cần nhắc)" in out.splitlines()
    writes = len(github.writes())
    run(reminded_repo, "2025-05-18", env, monkeypatch=monkeypatch, capsys=capsys)
    assert github.writes()[writes:] == []  # closed and nothing due: left alone


def test_the_issue_state_alone_stops_a_second_comment(reminded_repo, github, monkeypatch, capsys):
    env = env_for(github)
    run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
    so_b = issue_of(github, "demo-so-b")
    so_b["body"] = re.sub(r"<!-- tracker:state demo-so-b github \S+ -->", "", so_b["body"])
    run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
    assert len(github.comments[so_b["number"]]) == 1 and sum(len(c) for c in github.comments.values()) == 1


def test_mail_with_a_state_file_is_sent_once_and_the_file_says_what_went(reminded_repo, monkeypatch, capsys):
    state = reminded_repo / "state.yaml"
    with real_server() as (inbox, port):
        env = mail_env(port)
        code, _out = run(
            reminded_repo, "2025-05-16", env, "--state", str(state), monkeypatch=monkeypatch, capsys=capsys
        )
        assert code == 1 and len(inbox.messages) == 3
        saved = state.read_text("utf-8")
        assert (
            saved.startswith("# Nhắc việc đã gửi") and '"demo-so-b": {"email": {"demo-ke-hoach/1.1@demo-so-b"' in saved
        )
        run(reminded_repo, "2025-05-16", env, "--state", str(state), monkeypatch=monkeypatch, capsys=capsys)
        assert len(inbox.messages) == 3
        (_to, message), *_ = [(t, m) for t, m in inbox.parsed() if t == ["vanthu@so-b.example"]]
        text = message.get_body(("plain",)).get_content()
        assert "demo-ke-hoach/1.1" in text and SITE in text


def test_mail_alone_without_a_state_file_is_refused_and_nothing_is_sent(reminded_repo, monkeypatch, capsys):
    with real_server() as (inbox, port):
        code, out = run(reminded_repo, "2025-05-16", mail_env(port), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "--state" in out and inbox.messages == []


def test_no_channel_is_said(reminded_repo, monkeypatch, capsys):
    code, out = run(reminded_repo, "2025-05-16", {}, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 2 and "Chưa cấu hình kênh gửi" in out


def test_a_dry_run_prints_each_pending_digest_and_sends_nothing(reminded_repo, github, monkeypatch, capsys):
    code, out = run(reminded_repo, "2025-05-16", env_for(github), "--dry-run", monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and github.requests == []
    subjects = [line for line in out.splitlines() if line.startswith("=== ")]
    assert subjects[0] == "=== [Nhắc việc] Công an (demo): 1 quá hạn, 0 đến hạn hôm nay, 1 sắp đến hạn (16/05/2025)"
    assert len(subjects) == 4


def test_github_down_sends_nothing_by_either_channel(reminded_repo, github, monkeypatch, capsys):
    github.down = True
    with real_server() as (inbox, port):
        code, out = run(
            reminded_repo, "2025-05-16", {**env_for(github), **mail_env(port)}, monkeypatch=monkeypatch, capsys=capsys
        )
    assert code == 1 and inbox.messages == [] and github.writes() == []
    assert "  LỖI: thư: không gửi vì trạng thái đã gửi (lưu trên GitHub) không đọc được" in out.splitlines()


def test_an_outage_mid_run_stops_agency_mail_and_says_so(reminded_repo, github, monkeypatch, capsys):
    with real_server() as (inbox, port):
        env = {**env_for(github), **mail_env(port)}
        github.down_after = 2  # the listing and the Office's issue, then nothing
        code, out = run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert code == 1 and [to for to, _ in inbox.messages] == [[OFFICE_MAIL]]
        assert "GitHub: đã dừng sau nhiều lỗi liên tiếp; lần chạy sau sẽ gửi tiếp" in out
        untried = "  LỖI: 3 thư chưa gửi: không ghi được trạng thái lên GitHub; lần chạy sau sẽ gửi"
        assert out.splitlines()[-1] == untried  # the three agencies', counted once each


def test_the_environment_is_read_as_documented():
    from generator.remind.github import GitHub
    from generator.remind.mail import Mailer

    assert GitHub.from_env({"GITHUB_TOKEN": "t"}) is None and GitHub.from_env({"GITHUB_REPOSITORY": "o/r"}) is None
    client = GitHub.from_env({"GITHUB_TOKEN": "t", "GITHUB_REPOSITORY": "o/r"})
    assert (client.api_url, client.timeout) == ("https://api.github.com", 15)  # seconds a call may take
    assert Mailer.from_env({}) is None
    mailer = Mailer.from_env({"TRACKER_SMTP_HOST": "mail.example", "TRACKER_SMTP_STARTTLS": "Yes"}, 7)
    assert (mailer.port, mailer.sender, mailer.user, mailer.starttls, mailer.timeout) == (
        587,
        "nhac-viec@mail.example",
        None,
        True,
        7,
    )
    assert Mailer.from_env({"TRACKER_SMTP_HOST": "h", "TRACKER_SMTP_STARTTLS": "no"}).starttls is False


def test_pull_requests_and_other_issues_are_not_reminder_issues(reminded_repo, github, monkeypatch, capsys):
    marker = "<!-- tracker:reminder demo-so-b -->"
    pr = github.add_pull_request("Sửa mẫu nhắc việc", f"Ví dụ: {marker}", ("nhac-viec",))
    for n in range(120):  # more than one page of other labelled issues
        github.add_issue(f"Khác {n}", "", ("nhac-viec",), state="closed" if n % 2 else "open")
    assert run(reminded_repo, "2025-05-16", env_for(github), monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    assert pr["body"].startswith("Ví dụ") and [p for _m, p in github.writes() if p.endswith(f"/{pr['number']}")] == []
    pages = [q.get("page", ["1"])[0] for m, p, q in github.requests if m == "GET" and p.endswith("/issues")]
    assert pages == ["1", "2"]
    assert {
        re.search(r"tracker:reminder (\S+) -->", i["body"]).group(1) for i in github.issues() if "reminder" in i["body"]
    } == KEYS


@pytest.mark.parametrize("kind", ["create-issue", "comment"])
def test_a_write_whose_answer_was_lost_is_made_once(reminded_repo, github, kind, monkeypatch, capsys):
    env = env_for(github)
    if kind == "comment":
        run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
    github.lose[kind] = 1
    code, out = run(
        reminded_repo, "2025-05-23" if kind == "comment" else "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys
    )
    assert code == 0 and github.lose[kind] == 0, out
    assert len(github.issues()) == 4 and all(len(c) <= 1 for c in github.comments.values())


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"GITHUB_TOKEN": "sai"}, "GitHub trả lời 401 cho GET /repos/ubnd/theo-doi/issues?labels=nhac-viec&state=all"),
        ({"GITHUB_REPOSITORY": "ubnd/khac"}, "GitHub trả lời 404 cho GET /repos/ubnd/khac/issues?labels=nhac-viec"),
    ],
)
def test_a_bad_token_or_repository_is_said_and_nothing_is_sent(reminded_repo, github, env, said, monkeypatch, capsys):
    with real_server() as (inbox, port):
        full = {**mail_env(port), **env_for(github), **env}
        code, out = run(reminded_repo, "2025-05-16", full, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and said in out and inbox.messages == [] and github.writes() == []


def test_github_down_without_mail_speaks_of_github_only(reminded_repo, github, monkeypatch, capsys):
    github.down = True
    code, out = run(reminded_repo, "2025-05-16", env_for(github), monkeypatch=monkeypatch, capsys=capsys)
    assert code == 1 and out.splitlines()[0].endswith("lỗi: 1.")
    assert "  LỖI: GitHub: không gọi được GitHub" in out and "thư" not in out.split("\n", 1)[1]


def test_an_agency_without_an_address_is_skipped_and_said(demo_repo, monkeypatch, capsys):
    repo = add_contacts(demo_repo, {"demo-so-b": "vanthu@so-b.example"})
    state = str(repo / "state.yaml")
    with real_server() as (inbox, port):
        env = {k: v for k, v in mail_env(port).items() if k != "TRACKER_OFFICE_EMAILS"}
        code, out = run(repo, "2025-05-16", env, "--state", state, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and [to for to, _ in inbox.messages] == [["vanthu@so-b.example"]]
    assert out.splitlines()[0] == "Đã gửi thư: 1; đã mở/cập nhật/đóng issue: 0; bỏ qua: 3; lỗi: 0."
    skipped = sorted(line for line in out.splitlines() if line.startswith("  bỏ qua: "))
    assert skipped == [
        f"  bỏ qua: {key}: chưa có địa chỉ thư trong agencies.yaml"
        for key in ("demo-cong-an", "demo-so-a", "van-phong")
    ]


def test_one_refused_address_among_two_the_other_gets_it_and_both_are_said(demo_repo, monkeypatch, capsys):
    repo = add_contacts(demo_repo, {"demo-so-b": "vanthu@so-b.example, refuse@so-b.example"})
    with real_server() as (inbox, port):
        env = mail_env(port)
        code, out = run(
            repo, "2025-05-16", env, "--state", str(repo / "s.yaml"), monkeypatch=monkeypatch, capsys=capsys
        )
    assert code == 1 and ["vanthu@so-b.example"] in [to for to, _ in inbox.messages]
    assert "  gửi: demo-so-b → vanthu@so-b.example" in out.splitlines()
    assert "  LỖI: thư cho demo-so-b: máy chủ thư từ chối refuse@so-b.example" in out.splitlines()


def test_three_failed_writes_in_a_row_stop_github_for_the_run(reminded_repo, github, monkeypatch, capsys):
    github.down_after = 1  # the listing, then every write fails as GitHub's 502 does
    code, out = run(reminded_repo, "2025-05-16", env_for(github), monkeypatch=monkeypatch, capsys=capsys)
    failed = [line.split(":")[1].strip() for line in out.splitlines() if line.startswith("  LỖI: issue cho ")]
    assert code == 1 and failed == ["issue cho van-phong", "issue cho demo-cong-an", "issue cho demo-so-a"], out
    assert out.splitlines()[-1] == "  LỖI: GitHub: đã dừng sau nhiều lỗi liên tiếp; lần chạy sau sẽ gửi tiếp"
    assert github.issues() == []


def test_a_header_keeps_printable_text_and_turns_each_control_character_into_a_space():
    from generator.remind.mail import header_text

    # The C0 controls (0-31), DEL (127) and the C1 controls (128-159) are spaces; 32, 126 and 160 (no-break space)
    # and every letter are kept.
    assert header_text("a\x00b\x1fc d~e\x7ff\x80g\x9fh\xa0i Đ") == "a b c d~e f g h\xa0i Đ"


def test_remind_sends_unless_asked_for_a_dry_run_within_the_documented_limits(demo_repo):
    from generator.core.checks import check_repository
    from generator.core.progress import compute_progress
    from generator.core.settings import Settings
    from generator.remind.digest import Cadence
    from generator.remind.run import NO_CHANNEL, Limits, remind

    assert Limits() == Limits(mail_timeout=20, mail_budget=300)  # as `--mail-timeout` and `--mail-budget` say
    dataset, _problems = check_repository(demo_repo)
    progress = compute_progress(dataset, date(2025, 5, 16))
    outcome = remind(progress, Settings(demo_repo, date(2025, 5, 16)), Cadence(), {})
    assert (outcome.code, outcome.text) == (2, NO_CHANNEL)  # not a dry run: it needs a channel


def mail_sent(issue: dict, agency: str) -> dict[str, str]:
    """What the issue says was mailed to the agency, as the next run reads it back."""
    from generator.remind.state import decode

    (blob,) = re.findall(rf"<!-- tracker:state {agency} email (\S+) -->", issue["body"])
    return decode(blob, agency)


DONE_1_1 = "  - task: demo-ke-hoach/1.1\n    agency: demo-so-b\n    date: 2025-05-17\n    status: done\n"


def test_when_the_work_is_done_the_closed_issue_keeps_no_record_of_mail(reminded_repo, github, monkeypatch, capsys):
    with real_server() as (_inbox, port):
        env = {**env_for(github), **mail_env(port)}
        run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert mail_sent(issue_of(github, "demo-so-b"), "demo-so-b") == {"demo-ke-hoach/1.1@demo-so-b": "overdue-1"}
        with (reminded_repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
            ledger.write(DONE_1_1)
        run(reminded_repo, "2025-05-18", env, monkeypatch=monkeypatch, capsys=capsys)
    so_b = issue_of(github, "demo-so-b")
    assert so_b["state"] == "closed" and mail_sent(so_b, "demo-so-b") == {}


def test_github_failing_after_the_listing_leaves_every_agency_mail_for_the_next_run(
    reminded_repo, github, monkeypatch, capsys
):
    with real_server() as (inbox, port):
        github.down_after = 1  # the listing, then every write fails
        code, out = run(
            reminded_repo, "2025-05-16", {**env_for(github), **mail_env(port)}, monkeypatch=monkeypatch, capsys=capsys
        )
    assert code == 1 and [to for to, _ in inbox.messages] == [[OFFICE_MAIL]]  # its mail state is not on GitHub
    # Two agencies' issues failed, then GitHub was stopped: the third's mail is not tried either.
    assert out.splitlines()[-1] == "  LỖI: 3 thư chưa gửi: không ghi được trạng thái lên GitHub; lần chạy sau sẽ gửi"
    assert "thư cho" not in out


def test_an_agency_given_an_address_later_the_same_day_is_mailed(demo_repo, github, monkeypatch, capsys):
    repo = add_contacts(demo_repo, {"demo-so-b": "vanthu@so-b.example"})
    with real_server() as (inbox, port):
        env = {**env_for(github), **mail_env(port)}
        run(repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert ["vanthu@so-a.example"] not in [to for to, _ in inbox.messages]
        registry = repo / "agencies.yaml"
        text = registry.read_text("utf-8").replace(
            "  - id: demo-so-a\n", "  - id: demo-so-a\n    emails: [vanthu@so-a.example]\n"
        )
        registry.write_text(text, "utf-8")
        code, out = run(repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
    assert code == 0 and [to for to, _ in inbox.messages].count(["vanthu@so-a.example"]) == 1, out


def test_mail_that_failed_is_not_recorded_as_sent_and_goes_out_the_next_run(reminded_repo, github, monkeypatch, capsys):
    env = {**env_for(github), **mail_env(free_port())}  # nothing listens there
    for _ in range(2):  # the second run finds the issues there: each is updated to say "sent", then back again
        code, out = run(reminded_repo, "2025-05-16", env, monkeypatch=monkeypatch, capsys=capsys)
        assert (
            code == 1 and "  LỖI: thư cho van-phong (vanphong@ubnd.example): không gửi được thư qua 127.0.0.1:" in out
        )
        failed = [line for line in out.splitlines() if line.startswith("  LỖI: thư cho ")]
        assert len(failed) == 2, out  # the Office's, then the third failure in a row stops the mail
        untried = "  LỖI: 2 thư chưa gửi: đã dừng gửi thư sau 3 lần lỗi liên tiếp; lần chạy sau sẽ gửi"
        assert out.splitlines()[-1] == untried
        assert [mail_sent(issue_of(github, a), a) for a in ("demo-so-a", "demo-so-b", "demo-cong-an")] == [{}, {}, {}]
    with real_server() as (inbox, port):
        code, out = run(reminded_repo, "2025-05-16", {**env, **mail_env(port)}, monkeypatch=monkeypatch, capsys=capsys)
    assert sorted(to for to, _ in inbox.messages) == [[OFFICE_MAIL], ["vanthu@so-a.example"], ["vanthu@so-b.example"]]


def test_a_token_that_may_not_write_is_said_for_every_issue_and_does_not_stop_github(
    reminded_repo, github, monkeypatch, capsys
):
    github.read_only = True  # a refusal, not an outage: the breaker is for a GitHub that is down
    code, out = run(reminded_repo, "2025-05-16", env_for(github), monkeypatch=monkeypatch, capsys=capsys)
    failed = [line for line in out.splitlines() if line.startswith("  LỖI: ")]
    assert code == 1 and len(failed) == 4 and github.issues() == [], out
    assert all("GitHub trả lời 403 cho POST /repos/ubnd/theo-doi/issues: Resource not accessible" in f for f in failed)


def test_an_agency_with_nothing_due_gets_no_issue(reminded_repo, github, monkeypatch, capsys):
    with (reminded_repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write(DONE_1_1)  # the only work of Sở B that is due
    assert run(reminded_repo, "2025-05-18", env_for(github), monkeypatch=monkeypatch, capsys=capsys)[0] == 0
    assert keys_of(github) == KEYS - {"demo-so-b"}
