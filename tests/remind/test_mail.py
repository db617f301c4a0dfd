"""E-mail reminders against real SMTP servers on 127.0.0.1: aiosmtpd (with STARTTLS and a test certificate
authority when asked) and a scripted server that drops or hangs."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from github_fake import env_for, serving
from remind_helpers import EMAILS, OFFICE_MAIL, SITE, add_contacts, mail_env, remind, remind_watched, with_state
from smtp_servers import ScriptedServer, real_server
from smtp_servers import tls_server as tls_servers

from generator.remind.mail import Mailer

from conftest import tracker


@pytest.fixture
def reminded_repo(demo_repo):
    return add_contacts(demo_repo)


@pytest.fixture
def smtp():
    with real_server() as server:
        yield server


def test_email_digests_reach_each_agency_once_and_refusals_are_reported(reminded_repo, smtp):
    inbox, port = smtp
    result = remind(reminded_repo, "2025-05-16", mail_env(port), *with_state(reminded_repo))
    assert result.returncode == 1  # the police's address is refused by the server
    assert "refuse@ca.example" in result.stdout and "LỖI" in result.stdout
    received = {tuple(to): message for to, message in inbox.parsed()}
    assert set(received) == {("vanthu@so-a.example",), ("vanthu@so-b.example",), (OFFICE_MAIL,)}
    assert inbox.parsed()[0][0] == [OFFICE_MAIL]  # the Office's digest first

    so_b = received["vanthu@so-b.example",]
    assert so_b["Subject"] == "[Nhắc việc] Sở B (demo): 1 quá hạn, 0 đến hạn hôm nay, 0 sắp đến hạn (16/05/2025)"
    assert so_b["To"] == "vanthu@so-b.example" and so_b.is_multipart()
    text = so_b.get_body(("plain",)).get_content()
    html = so_b.get_body(("html",)).get_content()
    assert "demo-ke-hoach/1.1" in text and "quá hạn 1 ngày" in text and "đã báo khó khăn" in text
    assert f"{SITE}van-ban/demo-ke-hoach/#nv-1-1" in text
    assert f'href="{SITE}van-ban/demo-ke-hoach/#nv-1-1"' in html

    so_a = received["vanthu@so-a.example",].get_body(("plain",)).get_content()
    assert "demo-ke-hoach/2.1/6-thang" in so_a and "còn 4 ngày" in so_a

    office = received[OFFICE_MAIL,].get_body(("plain",)).get_content()
    assert "demo-ke-hoach/2.3/2025-q1" in office and "Công an (demo)" in office  # 57 days overdue
    assert "demo-ke-hoach/1.1" not in office  # one day overdue: not yet the Office's business


def test_a_second_run_the_same_day_sends_nothing_and_a_week_later_resends(reminded_repo, smtp):
    inbox, port = smtp
    remind(reminded_repo, "2025-05-16", mail_env(port), *with_state(reminded_repo))
    first = len(inbox.messages)
    again = remind(reminded_repo, "2025-05-16", mail_env(port), *with_state(reminded_repo))
    assert len(inbox.messages) == first
    assert "Đã gửi thư: 0" in again.stdout and again.returncode == 0  # a refused address is said once per stage
    remind(reminded_repo, "2025-05-23", mail_env(port), *with_state(reminded_repo))
    later = {tuple(to): m for to, m in inbox.parsed()[first:]}
    assert ("vanthu@so-b.example",) in later  # still overdue, a week on
    assert "quá hạn 8 ngày" in later["vanthu@so-b.example",].get_body(("plain",)).get_content()
    state = (reminded_repo / "state.yaml").read_text("utf-8")
    assert '"demo-ke-hoach/1.1@demo-so-b": "overdue-2"' in state


def test_one_refused_recipient_among_several_the_others_get_it_once(reminded_repo, smtp):
    inbox, port = smtp
    registry = reminded_repo / "agencies.yaml"
    two = "emails: [vanthu@so-a.example, refuse@so-a.example]"
    text = registry.read_text("utf-8").replace("emails: [vanthu@so-a.example]", two)
    registry.write_text(text, "utf-8")
    result = remind(reminded_repo, "2025-05-16", mail_env(port), *with_state(reminded_repo))
    assert "máy chủ thư từ chối refuse@so-a.example" in result.stdout and result.returncode == 1
    assert "gửi: demo-so-a → vanthu@so-a.example\n" in result.stdout  # the refused one is not counted as reached
    to_so_a = [to for to, _ in inbox.messages if "vanthu@so-a.example" in to]
    assert to_so_a == [["vanthu@so-a.example"]]
    remind(reminded_repo, "2025-05-16", mail_env(port), *with_state(reminded_repo))
    assert [to for to, _ in inbox.messages if "vanthu@so-a.example" in to] == to_so_a  # not sent again


def test_a_connection_dropped_is_tried_again_and_one_connection_serves_every_message(reminded_repo):
    server = ScriptedServer(["drop", 100])
    try:
        result = remind(reminded_repo, "2025-05-16", mail_env(server.port), *with_state(reminded_repo))
    finally:
        server.close()
    assert result.returncode == 0, result.stdout  # the scripted server refuses nobody
    assert server.connections == 2  # the dropped one, then one for all four messages
    assert server.received[0] == [OFFICE_MAIL] and len(server.received) == 4


def test_a_hung_server_stops_the_mail_not_the_office_digest_nor_the_issues(reminded_repo):
    server = ScriptedServer([1, "hang"])  # answers the first message, then never again
    with serving() as github:
        env = {**mail_env(server.port), **env_for(github)}
        try:
            result = remind(reminded_repo, "2025-05-16", env, "--mail-timeout", "1")
        finally:
            server.close()
        assert server.received == [[OFFICE_MAIL]]  # the Office's digest went out before the hang
        assert server.connections <= 3  # a few tries, then the mail stops: not one wait per agency
        assert "LỖI: 1 thư chưa gửi: đã dừng gửi thư sau 3 lần lỗi liên tiếp" in result.stdout  # the third agency
        issues = [i for i in github.issues() if "tracker:reminder" in i["body"]]
        assert len(issues) == 4  # the other channel ran for everyone


def test_the_mail_budget_ends_the_waiting(reminded_repo):
    server = ScriptedServer(["hang"])
    with serving() as github:
        env = {**mail_env(server.port), **env_for(github)}
        try:
            limits = ("--mail-timeout", "3600", "--mail-budget", "1")  # each wait is cut to what the budget has left
            stdout = remind_watched(reminded_repo, "2025-05-16", env, *limits, limit=120)
        finally:
            server.close()
        assert server.received == [] and server.connections <= 2  # without the budget, the breaker's three
        assert "hết thời gian dành cho kênh này (1 giây)" in stdout
        assert len([i for i in github.issues() if "tracker:reminder" in i["body"]]) == 4


def test_mail_without_a_place_to_remember_is_refused(reminded_repo, smtp):
    inbox, port = smtp
    result = remind(reminded_repo, "2025-05-16", mail_env(port))
    assert result.returncode == 2 and "--state" in result.stderr and inbox.messages == []


def test_dry_run_prints_and_sends_nothing(reminded_repo, smtp):
    inbox, port = smtp
    result = remind(reminded_repo, "2025-05-16", mail_env(port), "--dry-run", *with_state(reminded_repo))
    assert result.returncode == 0 and "[Nhắc việc] Sở B (demo)" in result.stdout
    assert inbox.messages == [] and not (reminded_repo / "state.yaml").exists()


def test_without_a_channel_it_says_what_to_configure(reminded_repo):
    result = tracker("remind", "--today", "2025-05-16", cwd=reminded_repo)
    assert result.returncode == 2 and "TRACKER_SMTP_HOST" in result.stderr


# -- TLS and login ----------------------------------------------------------------------------------------


@pytest.fixture
def tls_server(tmp_path):
    with tls_servers(tmp_path) as server:
        yield server


def login_env(port: int, ca_file: str, starttls: str) -> dict[str, str]:
    user = {"TRACKER_SMTP_USER": "nhac-viec", "TRACKER_SMTP_PASSWORD": "mat-khau", "TRACKER_SMTP_STARTTLS": starttls}
    return {**mail_env(port), **user, "SSL_CERT_FILE": ca_file}


def test_starttls_then_login_against_a_test_certificate_authority(reminded_repo, tls_server):
    inbox, port, logins, ca_file = tls_server
    remind(reminded_repo, "2025-05-16", login_env(port, ca_file, "true"), *with_state(reminded_repo))
    assert set(logins) == {(b"nhac-viec", b"mat-khau")} and len(logins) == 1  # one connection, one login
    assert len(inbox.messages) == 3


def test_without_starttls_the_server_refuses_and_no_password_is_sent(reminded_repo, tls_server):
    inbox, port, logins, ca_file = tls_server
    result = remind(reminded_repo, "2025-05-16", login_env(port, ca_file, ""), *with_state(reminded_repo))
    assert result.returncode == 1 and "TRACKER_SMTP_STARTTLS=true" in result.stdout
    assert logins == [] and inbox.messages == [] and "Traceback" not in result.stderr


def test_a_certificate_from_an_unknown_authority_is_refused(reminded_repo, tls_server):
    _, port, logins, _ = tls_server
    env = login_env(port, str(reminded_repo / "agencies.yaml"), "true")  # not the authority that signed it
    env.pop("SSL_CERT_FILE")
    result = remind(reminded_repo, "2025-05-16", env, *with_state(reminded_repo))
    assert result.returncode == 1 and "CERTIFICATE_VERIFY_FAILED" in result.stdout and logins == []


def test_a_carriage_return_in_a_name_cannot_make_a_header():
    mailer = Mailer("127.0.0.1", 25, "nhac-viec@ubnd.example")
    message = mailer.message(("a@b.example",), "[Nhắc việc] Sở\rBcc: x@evil.example\n", "t", "<p>h</p>")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None and "Bcc: x@evil.example" in parsed["Subject"]
    assert list(EMAILS)  # the shared contacts stay importable for the other tests
