"""The run's SMTP session in this process, against real servers on 127.0.0.1 (aiosmtpd, with STARTTLS and a test
certificate authority when asked, and a scripted server that drops or hangs): what reaches the server, how many
connections it sees, what the run is told. test_mail.py runs the same faults through `tracker remind`; these take
a fraction of a second each, so they are the ones that catch a small change of `generator/remind/mail.py` first.
The pauses between attempts are recorded rather than slept, and asserted."""

from __future__ import annotations

from email import message_from_bytes, policy
from types import SimpleNamespace

import pytest
from smtp_servers import Inbox, ScriptedServer, real_server, tls_server

from generator.remind import channels, mail
from generator.remind.channels import Budget, ChannelError, Refused
from generator.remind.mail import Mailer

SENDER = "nhac-viec@ubnd.example"


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(mail, "time", SimpleNamespace(sleep=slept.append))
    return slept


@pytest.fixture
def scripted():
    servers: list[ScriptedServer] = []

    def start(*script: str | int) -> ScriptedServer:
        servers.append(ScriptedServer(list(script)))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def send(session: mail.MailSession, to: str = "a@so.example") -> tuple[str, ...]:
    return session.send((to,), "Tiêu đề", "nội dung", "<p>nội dung</p>")


def test_a_dropped_connection_is_tried_once_more_after_a_pause_then_one_connection_serves_the_rest(scripted, pauses):
    server = scripted("drop", 100)
    session = Mailer("127.0.0.1", server.port, SENDER).session(Budget(60))
    assert [send(session, f"{n}@so.example") for n in range(3)] == [(), (), ()]
    assert server.received == [["0@so.example"], ["1@so.example"], ["2@so.example"]]
    session.close()
    assert server.connections == 2 and session.connections == 2 and pauses == [0.5]


def test_a_server_that_keeps_dropping_fails_the_message_then_stops_the_mail_after_three(scripted, pauses):
    server = scripted("drop")
    session = Mailer("127.0.0.1", server.port, SENDER).session(Budget(60))
    where = f"127.0.0.1:{server.port}"
    with pytest.raises(ChannelError, match=f"^không gửi được thư qua {where}: Connection unexpectedly closed$"):
        send(session)
    assert server.connections == 2 and pauses == [0.5] and session.stopped is None
    with pytest.raises(ChannelError, match=f"^không gửi được thư qua {where}: "):
        send(session)  # the third failure in a row: no pause, no second try
    assert server.connections == 3 and pauses == [0.5]
    assert session.stopped == "đã dừng gửi thư sau 3 lần lỗi liên tiếp"
    with pytest.raises(ChannelError, match=r"^đã dừng gửi thư sau 3 lần lỗi liên tiếp$"):
        send(session)
    assert server.connections == 3  # not tried


def test_a_message_delivered_resets_the_count_of_failures(scripted, pauses):
    # 1: dropped; 2: one message, then it hangs; 3, 4: dropped.
    server = scripted("drop", 1, "drop")
    session = Mailer("127.0.0.1", server.port, SENDER, timeout=0.3).session(Budget(60))
    assert send(session) == ()  # a failure, then delivered on the second connection
    with pytest.raises(ChannelError, match=r"Connection unexpectedly closed$"):
        send(session)  # two failures: the connection that hangs, then the third, dropped
    with pytest.raises(ChannelError, match="Connection unexpectedly closed"):
        send(session)  # the third in a row, but tried: a success came between
    session.close()
    assert server.connections == 4 and session.stopped is not None


def test_the_last_seconds_of_the_budget_cut_the_pause_and_the_wait(scripted, pauses, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(channels, "time", SimpleNamespace(monotonic=lambda: now[0]))
    server = scripted(1, "hang")  # one message, then no answer; the next connection is never greeted
    session = Mailer("127.0.0.1", server.port, SENDER, timeout=3600).session(Budget(300, started=1000.0))
    assert send(session) == ()
    now[0] = 1299.7  # 0.3 s of the budget left: the hung connection is waited for that long, not an hour
    with pytest.raises(ChannelError, match="timed out"):
        send(session)
    assert pauses == [pytest.approx(0.3)]  # the half-second pause, cut to what the budget has left


@pytest.mark.parametrize(("left", "stopped"), [(1.0, False), (0.0, True), (-0.5, True)])
def test_the_mail_stops_when_the_budget_is_spent_to_the_second(left, stopped, monkeypatch):
    monkeypatch.setattr(channels, "time", SimpleNamespace(monotonic=lambda: 1300.0 - left))
    session = Mailer("127.0.0.1", 25, SENDER).session(Budget(300, started=1000.0))
    assert session.stopped == ("đã hết 300 giây dành cho thư" if stopped else None)


class Busy(Inbox):
    async def handle_DATA(self, server, session, envelope):
        return "451 4.3.0 Thử lại sau"


def test_a_refusal_of_the_message_is_said_with_the_servers_words_and_the_connection_is_not_reused(pauses):
    with real_server(Busy()) as (_inbox, port):
        session = Mailer("127.0.0.1", port, SENDER).session(Budget(60))
        for _ in range(2):
            with pytest.raises(ChannelError, match=f"^không gửi được thư qua 127.0.0.1:{port}: 451 4.3.0 Thử lại sau$"):
                send(session)
    assert session.connections == 2 and pauses == []  # refused, not dropped: not tried again


def test_every_recipient_refused_is_a_refusal_and_one_among_others_is_returned():
    with real_server() as (inbox, port):
        session = Mailer("127.0.0.1", port, SENDER).session(Budget(60))
        with pytest.raises(Refused, match=r"^máy chủ thư từ chối mọi người nhận: refuse@so.example$"):
            send(session, "refuse@so.example")
        assert session.send(("a@so.example", "refuse@b.example"), "t", "x", "<p>x</p>") == ("refuse@b.example",)
        session.close()
    assert [to for to, _ in inbox.messages] == [["a@so.example"]]


def test_a_message_is_text_and_html_from_the_sender_dated_in_utc():
    with real_server() as (inbox, port):
        session = Mailer("127.0.0.1", port, SENDER).session(Budget(60))  # the defaults: no STARTTLS, no login
        send(session)
        session.close()
    ((_to, raw),) = inbox.messages
    message = message_from_bytes(raw, policy=policy.default)
    assert message["From"] == SENDER and message["To"] == "a@so.example" and message["Subject"] == "Tiêu đề"
    assert message["Date"].endswith("-0000") and message["Message-ID"].endswith("@ubnd.example>")
    assert message.get_body(("plain",)).get_content().rstrip() == "nội dung"
    assert message.get_body(("html",)).get_content().rstrip() == "<p>nội dung</p>"


def test_the_environment_gives_the_login_and_starttls():
    env = {"TRACKER_SMTP_HOST": "mail.example", "TRACKER_SMTP_USER": "u", "TRACKER_SMTP_PASSWORD": "p"}
    mailer = Mailer.from_env(env)
    assert (mailer.user, mailer.password, mailer.timeout, mailer.starttls) == ("u", "p", 20, False)
    assert Mailer("h", 25, SENDER).timeout == 20
    for word in ("1", "true", "TRUE", "yes"):
        assert Mailer.from_env({**env, "TRACKER_SMTP_STARTTLS": word}).starttls is True


def tls_mailer(port: int, **more: object) -> Mailer:
    return Mailer("127.0.0.1", port, SENDER, **{"user": "nhac-viec", "password": "mat-khau", **more})


def test_starttls_then_one_login_for_every_message(tmp_path, monkeypatch):
    with tls_server(tmp_path) as (inbox, port, logins, ca_file):
        monkeypatch.setenv("SSL_CERT_FILE", ca_file)
        session = tls_mailer(port, starttls=True).session(Budget(60))
        send(session)
        send(session)
        session.close()
    assert logins == [(b"nhac-viec", b"mat-khau")] and len(inbox.messages) == 2


def test_a_login_without_starttls_is_refused_and_the_fix_is_said(tmp_path):
    with tls_server(tmp_path) as (inbox, port, logins, _ca_file):
        session = tls_mailer(port).session(Budget(60))
        with pytest.raises(ChannelError) as refused:
            send(session)
    assert str(refused.value) == (
        f"máy chủ thư 127.0.0.1:{port} không cho đăng nhập: SMTP AUTH extension not supported by server."
        " (máy chủ có thể đòi STARTTLS trước: đặt TRACKER_SMTP_STARTTLS=true)"
    )
    assert logins == [] and inbox.messages == []


def test_starttls_asked_of_a_server_without_it_is_said_without_the_hint():
    with real_server() as (_inbox, port):
        session = Mailer("127.0.0.1", port, SENDER, starttls=True).session(Budget(60))
        with pytest.raises(ChannelError) as refused:
            send(session)
    assert str(refused.value) == (
        f"máy chủ thư 127.0.0.1:{port} không cho đăng nhập: STARTTLS extension not supported by server."
    )
