"""The GitHub REST calls of the reporting intake, served on 127.0.0.1 as GitHub answers them.

Branches, file contents, pull requests, commit statuses, issue comments and labels, with GitHub's answers for
what the intake could get wrong: 401 for a bad token, 404 for an unknown branch, 422 for a branch that already
exists, for a file that already exists on the branch (without its sha), for a body over 65,536 characters, and
for a pull request whose branch already has one open.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

TOKEN = "token-of-the-intake"
REPOSITORY = "ubnd-demo/theo-doi"
BODY_LIMIT = 65_536


@dataclass
class Branch:
    sha: str
    added: dict[str, str] = field(default_factory=dict)  # files added on the branch: path -> text


@dataclass
class State:
    branches: dict[str, Branch] = field(default_factory=lambda: {"main": Branch("0" * 40)})
    pulls: list[dict] = field(default_factory=list)
    comments: list[tuple[int, str]] = field(default_factory=list)
    statuses: list[dict] = field(default_factory=list)
    labels: dict[int, list[str]] = field(default_factory=dict)
    merged: list[int] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class _Handler(BaseHTTPRequestHandler):
    server: FakeGitHub

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_PATCH(self) -> None:
        self._answer("PATCH")

    def do_PUT(self) -> None:
        self._answer("PUT")

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        address = urlsplit(self.path)
        self.server.state.requests.append((method, address.path))
        try:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                raise _Refused(401, "Bad credentials")
            prefix = f"/repos/{REPOSITORY}"
            if not address.path.startswith(prefix):
                raise _Refused(404, "Not Found")
            status, payload = self.server.route(method, address.path[len(prefix) :], parse_qs(address.query), body)
        except _Refused as refused:
            status, payload = refused.code, {"message": refused.message}
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeGitHub(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = State()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def route(self, method: str, path: str, query: dict, body: dict | None) -> tuple[int, object]:
        with self.lock:
            return self._route(method, path, query, body or {})

    def _route(self, method: str, path: str, query: dict, body: dict) -> tuple[int, object]:
        s = self.state
        for text in (body.get("body"), body.get("title")):
            if isinstance(text, str) and len(text) > BODY_LIMIT:
                raise _Refused(422, "Validation Failed: body is too long (maximum is 65536 characters)")
        if method == "GET" and path.startswith("/git/ref/heads/"):
            branch = s.branches.get(unquote(path[len("/git/ref/heads/") :]))
            if branch is None:
                raise _Refused(404, "Not Found")
            return 200, {"object": {"sha": branch.sha}}
        if method == "POST" and path == "/git/refs":
            name = body["ref"].removeprefix("refs/heads/")
            if name in s.branches:
                raise _Refused(422, "Reference already exists")
            s.branches[name] = Branch(body["sha"])
            return 201, {"ref": body["ref"]}
        if method == "PATCH" and path.startswith("/git/refs/heads/"):
            name = unquote(path[len("/git/refs/heads/") :])
            if name not in s.branches:
                raise _Refused(422, "Reference does not exist")
            s.branches[name] = Branch(body["sha"])  # moved to main's commit: what it had added is gone
            return 200, {"object": {"sha": body["sha"]}}
        if method == "PUT" and path.startswith("/contents/"):
            name, branch = unquote(path[len("/contents/") :]), s.branches.get(body.get("branch", "main"))
            if branch is None:
                raise _Refused(404, "Branch not found")
            if name in branch.added and "sha" not in body:
                raise _Refused(422, '"sha" wasn\'t supplied.')
            branch.added[name] = base64.b64decode(body["content"]).decode("utf-8")
            branch.sha = hashlib.sha1(f"{branch.sha}{name}".encode()).hexdigest()
            return 201, {"commit": {"sha": branch.sha}, "content": {"path": name}}
        if method == "GET" and path == "/pulls":
            head = query.get("head", [""])[0].split(":", 1)[-1]
            state = query.get("state", ["open"])[0]
            return 200, [p for p in s.pulls if p["head"]["ref"] == head and (state == "all" or p["state"] == state)]
        if method == "POST" and path == "/pulls":
            if body["head"] not in s.branches:
                raise _Refused(422, "Validation Failed: head does not exist")
            if any(p["head"]["ref"] == body["head"] and p["state"] == "open" for p in s.pulls):
                raise _Refused(422, f"A pull request already exists for {body['head']}.")
            number = 100 + len(s.pulls)
            pull = {"number": number, "state": "open", "title": body["title"], "body": body.get("body", "")}
            pull["head"] = {"ref": body["head"]}
            s.pulls.append(pull)
            return 201, pull
        if method == "POST" and path.startswith("/statuses/"):
            s.statuses.append({"sha": path[len("/statuses/") :], **body})
            return 201, body
        if method == "POST" and path.endswith("/comments") and path.startswith("/issues/"):
            s.comments.append((int(path.split("/")[2]), body["body"]))
            return 201, {"body": body["body"]}
        if method == "POST" and path.endswith("/labels") and path.startswith("/issues/"):
            s.labels.setdefault(int(path.split("/")[2]), []).extend(body["labels"])
            return 200, [{"name": n} for n in body["labels"]]
        if method == "PUT" and path.startswith("/pulls/") and path.endswith("/merge"):
            number = int(path.split("/")[2])
            pull = next((p for p in s.pulls if p["number"] == number), None)
            if pull is None:
                raise _Refused(404, "Not Found")
            if s.branches[pull["head"]["ref"]].sha != body.get("sha"):
                raise _Refused(409, "Head branch was modified. Review and try the merge again.")
            pull["state"] = "closed"
            s.merged.append(number)
            return 200, {"merged": True}
        raise _Refused(404, "Not Found")


@contextmanager
def serving() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
