"""E-mail over SMTP: one connection for the whole run, a timeout on every operation, a time budget in all.

A mail server that accepts the connection and then never answers is the costly fault: each message would
wait for its own timeouts. So the run opens one connection and reuses it, retries a dropped one once, and
stops after a few failures in a row or when its budget is spent; what was not sent is sent by the next run.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from generator.remind.channels import Breaker, Budget, ChannelError, Refused

# Failures that may pass with a new connection: a dropped or hung connection, or a server busy for now (4xx).
_TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError)


def header_text(text: str) -> str:
    """Text for a mail header: every control character (a bare CR in an agency's name) becomes a space, so the
    name cannot end the header or start another one."""
    return "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 20  # seconds, for each operation on the connection (connect, each command, the data)
    attempts: int = 2  # a message is tried again once, on a new connection
    pause: float = 0.5

    @classmethod
    def from_env(cls, env: dict[str, str], timeout: float = 20) -> Mailer | None:
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
            timeout=timeout,
        )

    def message(self, to: tuple[str, ...], subject: str, text: str, html: str) -> EmailMessage:
        message = EmailMessage()  # the default policy encodes a UTF-8 subject and bodies as MIME requires
        message["From"] = self.sender
        message["To"] = ", ".join(to)
        message["Subject"] = header_text(subject)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message

    def session(self, budget: Budget) -> MailSession:
        return MailSession(self, budget)


@dataclass
class MailSession:
    """The run's one SMTP connection, opened on the first message, closed at the end of the run."""

    mailer: Mailer
    budget: Budget
    breaker: Breaker = field(default_factory=Breaker)
    connections: int = 0  # how many were opened, for the summary
    _smtp: smtplib.SMTP | None = None

    @property
    def stopped(self) -> str | None:
        """Why no more mail is tried in this run, if it is not."""
        if self.breaker.open:
            return f"đã dừng gửi thư sau {self.breaker.limit} lần lỗi liên tiếp"
        if self.budget.left() <= 0:
            return f"đã hết {self.budget.seconds:g} giây dành cho thư"
        return None

    def send(self, to: tuple[str, ...], subject: str, text: str, html: str) -> tuple[str, ...]:
        """Deliver one message; returns the addresses the server refused when it accepted others.
        Raises ChannelError when nobody got it."""
        self.breaker.check("gửi thư")
        message = self.mailer.message(to, subject, text, html)
        for attempt in range(1, self.mailer.attempts + 1):
            try:
                refused = self._deliver(message, to)
            except smtplib.SMTPRecipientsRefused as exc:
                raise Refused("máy chủ thư từ chối mọi người nhận: " + ", ".join(exc.recipients)) from None
            except smtplib.SMTPNotSupportedError as exc:
                raise ChannelError(f"máy chủ thư {self._where()} không cho đăng nhập: {exc}{_tls_hint(self)}") from None
            except _TRANSIENT as exc:
                self.close()
                self.breaker.failed()
                if attempt == self.mailer.attempts or self.breaker.open:
                    raise ChannelError(f"không gửi được thư qua {self._where()}: {_reason(exc)}") from None
                time.sleep(min(self.mailer.pause * attempt, max(self.budget.left(), 0)))
            except (smtplib.SMTPException, OSError) as exc:
                self.close()
                raise ChannelError(f"không gửi được thư qua {self._where()}: {_reason(exc)}") from None
            else:
                self.breaker.succeeded()
                return tuple(sorted(refused))
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            with contextlib.suppress(OSError):
                smtp.close()  # not QUIT: a hung server would make us wait for its answer

    def _deliver(self, message: EmailMessage, to: tuple[str, ...]) -> dict:
        smtp = self._connection()
        if smtp.sock is not None:
            smtp.sock.settimeout(self.budget.timeout(self.mailer.timeout))
        return smtp.send_message(message, to_addrs=list(to))

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            m = self.mailer
            self.connections += 1
            smtp = smtplib.SMTP(m.host, m.port, timeout=self.budget.timeout(m.timeout))
            try:
                if m.starttls:
                    smtp.starttls(context=ssl.create_default_context())  # checks the certificate and the name
                if m.user:
                    smtp.login(m.user, m.password or "")
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _where(self) -> str:
        return f"{self.mailer.host}:{self.mailer.port}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        return f"{exc.smtp_code} {error.decode('utf-8', 'replace') if isinstance(error, bytes) else error}"
    return str(exc) or type(exc).__name__


def _tls_hint(session: MailSession) -> str:
    return "" if session.mailer.starttls else " (máy chủ có thể đòi STARTTLS trước: đặt TRACKER_SMTP_STARTTLS=true)"
