"""Mail servers on 127.0.0.1 for the reminder tests: a real one (aiosmtpd), strict about TLS when asked, and a
scripted one that drops a connection, or answers for a while and then hangs, as broken servers do."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps every message; refuses any address starting with `refuse@`, as a real server
    refuses an unknown mailbox (550), while it accepts the message's other recipients."""

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

    def parsed(self) -> list[tuple[list[str], EmailMessage]]:
        return [(to, message_from_bytes(raw, policy=policy.default)) for to, raw in self.messages]


@contextmanager
def real_server(inbox: Inbox | None = None, **options: object) -> Iterator[tuple[Inbox, int]]:
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@contextmanager
def tls_server(folder: Path) -> Iterator[tuple[Inbox, int, list[tuple[bytes, bytes]], str]]:
    """A server that takes a login (password `mat-khau`) only after STARTTLS, with a certificate for 127.0.0.1
    from a test authority whose certificate is written into `folder`: (inbox, port, the logins tried, that file)."""
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = folder / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"mat-khau")

    options = {"tls_context": server_context, "require_starttls": True, "authenticator": authenticator}
    with real_server(**options) as (inbox, port):
        yield inbox, port, logins, str(ca_file)


class ScriptedServer:
    """Speaks just enough SMTP (greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT), connection by connection as told:
    `drop` closes it at once; an integer n serves n messages, then stops answering; `hang` never greets.
    Counts connections and keeps the recipients of each message it took."""

    def __init__(self, script: list[str | int]) -> None:
        self.script = script
        self.connections = 0
        self.received: list[list[str]] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._open: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        for conn in self._open:
            conn.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            step = self.script[min(self.connections, len(self.script) - 1)]
            self.connections += 1
            self._open.append(conn)
            if step == "drop":
                conn.close()
            elif step != "hang":
                threading.Thread(target=self._serve, args=(conn, int(step)), daemon=True).start()

    def _serve(self, conn: socket.socket, messages: int) -> None:
        reader = conn.makefile("rb")
        try:
            conn.sendall(b"220 scripted ESMTP\r\n")
            recipients: list[str] = []
            taken = 0
            while True:
                line = reader.readline()
                if not line:
                    return
                verb = line[:4].upper()
                if verb == b"MAIL" and taken >= messages:
                    return  # hang: read nothing more, answer nothing, keep the connection open
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 scripted\r\n")
                elif verb == b"RCPT":
                    recipients.append(line.split(b":", 1)[1].strip(b" <>\r\n").decode())
                    conn.sendall(b"250 OK\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    while reader.readline() not in (b".\r\n", b""):
                        pass
                    self.received.append(recipients)
                    recipients, taken = [], taken + 1
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 OK\r\n")
        except OSError:
            return
