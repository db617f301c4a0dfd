"""`tracker remind` against a real SMTP server and a local server speaking GitHub's REST protocol."""

from __future__ import annotations

import json
import socket
import threading
from datetime import date
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller

from generator.core.model import Loc, Reported, Role
from generator.core.progress import Row
from generator.core.status import compute_status
from generator.remind.digest import Cadence

from conftest import tracker

EMAILS = {"demo-so-a": "vanthu@so-a.example", "demo-so-b": "vanthu@so-b.example", "demo-cong-an": "refuse@ca.example"}
SITE = "https://theo-doi.example/"


# -- the cadence --------------------------------------------------------------------------------------------


def row_due(deadline: date, today: date, done: bool = False) -> Row:
    from generator.core.assignments import Item
    from generator.core.model import Report

    reports = [Report("d/1", "a", today, Reported.DONE, None, None, False, None, None, (), Loc("t", 1))] if done else []
    item = Item("d/1", None, None, None, None, deadline, None, None, ())
    return Row(item, "a", Role.LEAD, None, compute_status(deadline, reports, today))


@pytest.mark.parametrize(
    ("days_before", "stage"),
    [
        (8, None),
        (7, "before-7"),
        (2, "before-7"),
        (1, "before-1"),
        (0, "due-today"),
        (-1, "overdue-1"),
        (-7, "overdue-1"),
        (-8, "overdue-2"),
        (-15, "overdue-3"),
    ],
)
def test_stages(days_before, stage):
    deadline = date(2025, 5, 15)
    today = date.fromordinal(deadline.toordinal() - days_before)
    assert Cadence().stage(row_due(deadline, today)) == stage


def test_done_work_has_no_stage():
    assert Cadence().stage(row_due(date(2025, 5, 15), date(2025, 5, 20), done=True)) is None


# -- a real SMTP server --------------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler: keeps every message, refuses one address as a real server would."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse@"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def parsed(self):
        return [(to, message_from_bytes(raw, policy=policy.default)) for to, raw in self.messages]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def reminded_repo(demo_repo):
    registry = demo_repo / "agencies.yaml"
    text = registry.read_text("utf-8").replace("maintainers: []\n", "")
    text = text.replace("groups:\n", "maintainers: [vp-office]\ngroups:\n", 1)
    for agency, email in EMAILS.items():
        text = text.replace(
            f"  - id: {agency}\n", f"  - id: {agency}\n    emails: [{email}]\n    github: [{agency}-login]\n"
        )
    registry.write_text(text, "utf-8")
    return demo_repo


def remind(repo: Path, today: str, env: dict[str, str], *more: str):
    return tracker(
        "remind", "--today", today, "--site-url", SITE, "--state", str(repo / "state.yaml"), *more, cwd=repo, env=env
    )


def mail_env(port: int) -> dict[str, str]:
    return {
        "TRACKER_SMTP_HOST": "127.0.0.1",
        "TRACKER_SMTP_PORT": str(port),
        "TRACKER_MAIL_FROM": "nhac-viec@ubnd.example",
        "TRACKER_OFFICE_EMAILS": "vanphong@ubnd.example",
    }


def test_email_digests_reach_each_agency_once_and_refusals_are_reported(reminded_repo, smtp):
    inbox, port = smtp
    result = remind(reminded_repo, "2025-05-16", mail_env(port))
    assert result.returncode == 1  # the police's address is refused by the server
    assert "refuse@ca.example" in result.stdout and "LỖI" in result.stdout
    received = {tuple(to): message for to, message in inbox.parsed()}
    assert set(received) == {("vanthu@so-a.example",), ("vanthu@so-b.example",), ("vanphong@ubnd.example",)}

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

    office = received["vanphong@ubnd.example",].get_body(("plain",)).get_content()
    assert "demo-ke-hoach/2.3/2025-q1" in office and "Công an (demo)" in office  # 57 days overdue
    assert "demo-ke-hoach/1.1" not in office  # one day overdue: not yet the Office's business


def test_a_second_run_the_same_day_sends_nothing_and_a_week_later_resends(reminded_repo, smtp):
    inbox, port = smtp
    remind(reminded_repo, "2025-05-16", mail_env(port))
    first = len(inbox.messages)
    again = remind(reminded_repo, "2025-05-16", mail_env(port))
    assert len(inbox.messages) == first
    assert "Đã gửi thư: 0" in again.stdout
    remind(reminded_repo, "2025-05-23", mail_env(port))
    later = {tuple(to): m for to, m in inbox.parsed()[first:]}
    assert ("vanthu@so-b.example",) in later  # still overdue, a week on
    assert "quá hạn 8 ngày" in later["vanthu@so-b.example",].get_body(("plain",)).get_content()
    state = (reminded_repo / "state.yaml").read_text("utf-8")
    assert "demo-ke-hoach/1.1@demo-so-b: overdue-2" in state


def test_a_refused_connection_is_retried_then_reported(reminded_repo):
    result = remind(reminded_repo, "2025-05-16", mail_env(free_port()))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.count("LỖI") == 4  # three agencies with addresses and the Office, each reported


def test_dry_run_prints_and_sends_nothing(reminded_repo, smtp):
    inbox, port = smtp
    result = remind(reminded_repo, "2025-05-16", mail_env(port), "--dry-run")
    assert result.returncode == 0 and "[Nhắc việc] Sở B (demo)" in result.stdout
    assert inbox.messages == [] and not (reminded_repo / "state.yaml").exists()


def test_without_a_channel_it_says_what_to_configure(reminded_repo):
    result = tracker("remind", "--today", "2025-05-16", cwd=reminded_repo)
    assert result.returncode == 2 and "TRACKER_SMTP_HOST" in result.stderr


# -- a local server speaking GitHub's issues API --------------------------------------------------------------


class FakeGitHub(ThreadingHTTPServer):
    """The four endpoints the reminders use, with GitHub's shapes, pagination and authentication."""

    page_size = 2

    def __init__(self, fail: bool = False):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.issues: dict[int, dict] = {}
        self.comments: list[tuple[int, str]] = []
        self.requests: list[tuple[str, str]] = []
        self.fail = fail

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FakeGitHub

    def log_message(self, *args):
        pass

    def _reply(self, code: int, payload=None, headers: dict | None = None):
        body = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method: str):
        url = urlsplit(self.path)
        self.server.requests.append((method, url.path))
        if self.headers.get("Authorization") != "Bearer test-token":
            return self._reply(401, {"message": "Bad credentials"})
        if self.server.fail:
            return self._reply(502, {"message": "Bad gateway"})
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"null")
        parts = url.path.strip("/").split("/")  # repos, owner, name, issues[, n[, comments]]
        if parts[:4] != ["repos", "ubnd", "theo-doi", "issues"]:
            return self._reply(404, {"message": "Not Found"})
        if method == "GET" and len(parts) == 4:
            query = parse_qs(url.query)
            label = query["labels"][0]
            found = [i for _, i in sorted(self.server.issues.items()) if label in [lb["name"] for lb in i["labels"]]]
            page = int(query.get("page", ["1"])[0])
            chunk = found[(page - 1) * self.server.page_size : page * self.server.page_size]
            more = len(found) > page * self.server.page_size
            link = {"Link": f'<{self.server.url}{url.path}?labels={label}&state=all&page={page + 1}>; rel="next"'}
            return self._reply(200, chunk, link if more else None)
        if method == "POST" and len(parts) == 4:
            number = len(self.server.issues) + 1
            issue = {
                "number": number,
                "title": body["title"],
                "body": body["body"],
                "state": "open",
                "labels": [{"name": n} for n in body.get("labels", [])],
            }
            self.server.issues[number] = issue
            return self._reply(201, issue)
        number = int(parts[4])
        if method == "PATCH" and len(parts) == 5:
            self.server.issues[number].update({k: v for k, v in body.items() if k in ("title", "body", "state")})
            return self._reply(200, self.server.issues[number])
        if method == "POST" and parts[5:] == ["comments"]:
            self.server.comments.append((number, body["body"]))
            return self._reply(201, {"id": len(self.server.comments), "body": body["body"]})
        return self._reply(404, {"message": "Not Found"})

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PATCH(self):
        self._handle("PATCH")


@pytest.fixture
def github():
    server = FakeGitHub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def github_env(server: FakeGitHub) -> dict[str, str]:
    return {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": "ubnd/theo-doi", "GITHUB_API_URL": server.url}


def issue_of(server: FakeGitHub, agency: str) -> dict:
    (issue,) = [i for i in server.issues.values() if f"<!-- tracker:reminder {agency} -->" in i["body"]]
    return issue


def test_one_issue_per_agency_updated_not_duplicated_and_closed_when_clear(reminded_repo, github):
    env = github_env(github)
    assert remind(reminded_repo, "2025-05-16", env).returncode == 0
    keys = {"demo-so-a", "demo-so-b", "demo-cong-an", "van-phong"}
    assert {i["body"].split(" -->")[0].split()[-1] for i in github.issues.values()} == keys
    so_b = issue_of(github, "demo-so-b")
    assert so_b["title"] == "Nhắc việc: Sở B (demo)" and so_b["labels"] == [{"name": "nhac-viec"}]
    assert "@demo-so-b-login" in so_b["body"] and "demo-ke-hoach/1.1" in so_b["body"]
    assert "@vp-office" in issue_of(github, "van-phong")["body"]

    github.requests.clear()
    assert remind(reminded_repo, "2025-05-16", env).returncode == 0
    assert [r for r in github.requests if r[0] != "GET"] == []  # same day: nothing new, nothing written

    assert remind(reminded_repo, "2025-05-23", env).returncode == 0
    assert len(github.issues) == 4  # updated in place, never a second issue for an agency
    assert any(number == so_b["number"] and "@demo-so-b-login" in text for number, text in github.comments)
    assert "quá hạn 8 ngày" in issue_of(github, "demo-so-b")["body"]

    with (reminded_repo / "tasks.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write("  - task: demo-ke-hoach/1.1\n    agency: demo-so-b\n    date: 2025-05-24\n    status: done\n")
    assert remind(reminded_repo, "2025-05-24", env).returncode == 0
    assert issue_of(github, "demo-so-b")["state"] == "closed"
    assert issue_of(github, "demo-so-a")["state"] == "open"


def test_a_failing_api_does_not_stop_the_email(reminded_repo, smtp):
    inbox, port = smtp
    server = FakeGitHub(fail=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = remind(reminded_repo, "2025-05-16", {**mail_env(port), **github_env(server)})
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 1 and "GitHub" in result.stdout
    assert len(inbox.messages) == 3  # so-a, so-b and the Office; the police's address is refused
    assert len([r for r in server.requests if r[0] == "GET"]) == 3  # retried, then given up


def test_smtp_login_when_configured(reminded_repo):
    from aiosmtpd.smtp import AuthResult

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"mat-khau")

    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        env = {**mail_env(controller.port), "TRACKER_SMTP_USER": "nhac-viec", "TRACKER_SMTP_PASSWORD": "mat-khau"}
        remind(reminded_repo, "2025-05-16", env)
    finally:
        controller.stop()
    assert logins and set(logins) == {(b"nhac-viec", b"mat-khau")}
    assert len(inbox.messages) == 3
