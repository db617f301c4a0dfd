"""The two ways reminders leave: e-mail over SMTP and GitHub issues over the REST API. Both retry briefly."""

from __future__ import annotations

import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, TypeVar

T = TypeVar("T")
LABEL = "nhac-viec"


class ChannelError(Exception):
    """A reminder could not be delivered; the message says why, for the run's summary."""


def retry(action: Callable[[], T], attempts: int, pause: float, transient: tuple[type[BaseException], ...]) -> T:
    """Run `action`, again after a short pause when it fails in a way that may pass (a dropped connection)."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except transient:
            if attempt == attempts:
                raise
            time.sleep(pause * attempt)
    raise AssertionError("unreachable")


# -- e-mail -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10
    attempts: int = 3
    pause: float = 0.5

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Mailer | None:
        """TRACKER_SMTP_HOST (required to enable), _PORT, _USER, _PASSWORD, _STARTTLS, TRACKER_MAIL_FROM."""
        host = env.get("TRACKER_SMTP_HOST")
        if not host:
            return None
        return cls(
            host=host,
            port=int(env.get("TRACKER_SMTP_PORT") or 587),
            sender=env.get("TRACKER_MAIL_FROM") or f"nhac-viec@{host}",
            user=env.get("TRACKER_SMTP_USER") or None,
            password=env.get("TRACKER_SMTP_PASSWORD") or None,
            starttls=(env.get("TRACKER_SMTP_STARTTLS") or "").lower() in ("1", "true", "yes"),
        )

    def message(self, to: tuple[str, ...], subject: str, text: str, html: str) -> EmailMessage:
        message = EmailMessage()  # the default policy encodes a UTF-8 subject and bodies as MIME requires
        message["From"] = self.sender
        message["To"] = ", ".join(to)
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message

    def send(self, to: tuple[str, ...], subject: str, text: str, html: str) -> None:
        message = self.message(to, subject, text, html)
        try:
            refused = retry(
                lambda: self._deliver(message, to),
                self.attempts,
                self.pause,
                (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError),
            )
        except smtplib.SMTPRecipientsRefused as exc:
            raise ChannelError("máy chủ thư từ chối mọi người nhận: " + ", ".join(exc.recipients)) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ChannelError(f"không gửi được thư qua {self.host}:{self.port}: {exc}") from None
        if refused:
            raise ChannelError("máy chủ thư từ chối: " + ", ".join(sorted(refused)))

    def _deliver(self, message: EmailMessage, to: tuple[str, ...]) -> dict[str, tuple[int, bytes]]:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password or "")
            return smtp.send_message(message, to_addrs=list(to))


# -- GitHub issues ----------------------------------------------------------------------------------------


class _Transient(Exception):
    pass


@dataclass(frozen=True)
class GitHub:
    api_url: str
    repository: str  # owner/name
    token: str
    attempts: int = 3
    pause: float = 0.5
    timeout: float = 15

    @classmethod
    def from_env(cls, env: dict[str, str]) -> GitHub | None:
        """GITHUB_TOKEN and GITHUB_REPOSITORY (as in Actions) enable it; GITHUB_API_URL points elsewhere."""
        token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
        if not token or not repository:
            return None
        return cls(env.get("GITHUB_API_URL") or "https://api.github.com", repository, token)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[Any, dict[str, str]]:
        url = path if path.startswith("http") else f"{self.api_url.rstrip('/')}{path}"
        request = urllib.request.Request(
            url,
            method=method,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "Content-Type": "application/json",
                "User-Agent": "directive-tracker",
            },
        )

        def once() -> tuple[Any, dict[str, str]]:
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = response.read()
                    return (json.loads(payload) if payload else None), dict(response.headers)
            except urllib.error.HTTPError as exc:
                if exc.code >= 500 or exc.code == 429:
                    raise _Transient(f"{exc.code} {exc.reason}") from None
                detail = exc.read().decode("utf-8", "replace")[:200]
                raise ChannelError(f"GitHub trả lời {exc.code} cho {method} {url}: {detail}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                raise _Transient(str(exc)) from None

        try:
            return retry(once, self.attempts, self.pause, (_Transient,))
        except _Transient as exc:
            raise ChannelError(f"không gọi được GitHub ({method} {url}): {exc}") from None

    def reminder_issues(self) -> list[dict[str, Any]]:
        """Every issue with the reminder label, open or closed, following GitHub's pagination."""
        issues: list[dict[str, Any]] = []
        url: str | None = f"/repos/{self.repository}/issues?labels={LABEL}&state=all&per_page=100"
        while url:
            page, headers = self._call("GET", url)
            issues.extend(i for i in page if "pull_request" not in i)
            url = _next_link(headers.get("Link") or headers.get("link") or "")
        return issues

    def create_issue(self, title: str, body: str) -> dict[str, Any]:
        issue, _ = self._call(
            "POST", f"/repos/{self.repository}/issues", {"title": title, "body": body, "labels": [LABEL]}
        )
        return issue

    def update_issue(self, number: int, **fields: Any) -> None:
        self._call("PATCH", f"/repos/{self.repository}/issues/{number}", fields)

    def comment(self, number: int, body: str) -> None:
        self._call("POST", f"/repos/{self.repository}/issues/{number}/comments", {"body": body})


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None
