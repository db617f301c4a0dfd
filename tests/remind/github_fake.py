"""A local server speaking GitHub's REST API for the calls the reminders make, as strictly as GitHub does.

It answers like https://docs.github.com/en/rest/issues: `state` (open by default) and `labels` (all of them)
filter the listing, which includes pull requests (items with a `pull_request` key); `per_page` (30, at most
100) and `page` paginate with a Link header; a body over 65,536 characters is refused with 422; a missing or
wrong token gets 401, an unknown repository or issue 404, a write with a read-only token 403. For faults, it can
be down (502), rate-limit (429 or 403 with `retry-after`, again for any request before that time), or perform a
write and lose its answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN = "test-token"
REPOSITORY = "ubnd/theo-doi"
BODY_LIMIT = 65_536
DOCS = "https://docs.github.com/rest"


class FakeGitHub(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.items: dict[int, dict] = {}  # issues and pull requests share numbers, as on GitHub
        self.comments: dict[int, list[dict]] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []  # method, path, query
        self.down = False  # every request answered 502
        self.down_after: int | None = None  # … once this many requests were answered
        self.lose: dict[str, int] = {}  # "create-issue" / "update-issue" / "comment" -> writes to perform, then drop
        self.read_only = False  # writes refused with 403, as GitHub does a workflow token without `issues: write`
        self._limited = 0  # requests still to rate-limit
        self._limit: tuple[int, float, dict[str, str]] = (429, 0.0, {})  # code, until (monotonic), headers

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    # -- what the tests set up ------------------------------------------------------------------------------

    def add_issue(self, title: str, body: str, labels: tuple[str, ...] = (), state: str = "open") -> dict:
        return self._add(title, body, labels, state)

    def add_pull_request(self, title: str, body: str, labels: tuple[str, ...] = ()) -> dict:
        pr = self._add(title, body, labels, "open")
        pr["pull_request"] = {"url": f"{self.url}/repos/{REPOSITORY}/pulls/{pr['number']}"}
        return pr

    def rate_limit(self, requests: int = 1, retry_after: int = 1, code: int = 429) -> None:
        """The next `requests` requests, and any before `retry_after` seconds have passed, are refused."""
        self._limited = requests
        headers = {"retry-after": str(retry_after), "x-ratelimit-remaining": "0"}
        self._limit = (code, 0.0, headers)
        self._retry_after = retry_after

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _ in self.requests if m != "GET"]

    def issues(self) -> list[dict]:
        return [i for i in self.items.values() if "pull_request" not in i]

    def _add(self, title: str, body: str, labels: tuple[str, ...] | list[str], state: str) -> dict:
        number = len(self.items) + 1
        item = {
            "id": 1000 + number,
            "number": number,
            "html_url": f"https://github.com/{REPOSITORY}/issues/{number}",
            "title": title,
            "body": body,
            "state": state,
            "state_reason": None,
            "labels": [{"name": n} for n in labels],
            "comments": 0,
        }
        self.items[number] = item
        self.comments[number] = []
        return item


class _Refusal(Exception):
    def __init__(self, code: int, message: str, headers: dict[str, str] | None = None, **more: object) -> None:
        super().__init__(message)
        self.code, self.headers = code, headers or {}
        self.payload = {"message": message, **more, "documentation_url": DOCS, "status": str(code)}


class _Handler(BaseHTTPRequestHandler):
    server: FakeGitHub

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with self.server.lock:
            self.server.requests.append((method, url.path, query))
            try:
                code, payload, headers = self._answer(method, url.path, query, raw)
            except _Refusal as refusal:
                code, payload, headers = refusal.code, refusal.payload, refusal.headers
            except _Lost:
                self.close_connection = True  # performed, but the answer never leaves
                return
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, method: str, path: str, query: dict, raw: bytes) -> tuple[int, object, dict[str, str]]:
        server = self.server
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            raise _Refusal(401, "Bad credentials")
        self._rate_limit()
        if server.down or (server.down_after is not None and len(server.requests) > server.down_after):
            raise _Refusal(502, "Server Error")
        parts = path.strip("/").split("/")
        if parts[:3] != ["repos", *REPOSITORY.split("/")]:
            raise _Refusal(404, "Not Found")
        if server.read_only and method != "GET":
            raise _Refusal(403, "Resource not accessible by integration")
        body = json.loads(raw) if raw else {}
        if parts[3:] == ["issues"] and method == "GET":
            return self._list(path, query)
        if parts[3:] == ["issues"] and method == "POST":
            _check_body(body, "Issue")
            issue = server._add(body["title"], body.get("body") or "", body.get("labels", []), "open")
            self._maybe_lose("create-issue")
            return 201, issue, {}
        if len(parts) < 5 or parts[3] != "issues" or not parts[4].isdigit() or int(parts[4]) not in server.items:
            raise _Refusal(404, "Not Found")
        number = int(parts[4])
        if parts[5:] == [] and method == "PATCH":
            return self._update(number, body)
        if parts[5:] == ["comments"] and method == "GET":
            return self._page(path, query, server.comments[number])
        if parts[5:] == ["comments"] and method == "POST":
            _check_body(body, "IssueComment")
            comment = {"id": 5000 + sum(map(len, server.comments.values())), "body": body["body"]}
            server.comments[number].append(comment)
            server.items[number]["comments"] += 1
            self._maybe_lose("comment")
            return 201, comment, {}
        raise _Refusal(404, "Not Found")

    def _rate_limit(self) -> None:
        server = self.server
        code, until, headers = server._limit
        if server._limited > 0 or time.monotonic() < until:
            if server._limited > 0:
                server._limited -= 1
                server._limit = (code, time.monotonic() + server._retry_after, headers)
            raise _Refusal(code, "API rate limit exceeded", headers)

    def _list(self, path: str, query: dict) -> tuple[int, object, dict[str, str]]:
        state = query.get("state", ["open"])[0]
        if state not in ("open", "closed", "all"):
            raise _Refusal(422, "Validation Failed", errors=[_INVALID_STATE])
        wanted = [n for n in query.get("labels", [""])[0].split(",") if n]
        found = [
            item
            for _, item in sorted(self.server.items.items(), reverse=True)  # newest first, GitHub's default
            if state in ("all", item["state"]) and all(n in [lb["name"] for lb in item["labels"]] for n in wanted)
        ]
        return self._page(path, query, found)

    def _page(self, path: str, query: dict, found: list) -> tuple[int, object, dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        last = max(1, -(-len(found) // per_page))
        headers = {}
        links = [(page + 1, "next"), (last, "last")] if page < last else []
        links += [(page - 1, "prev"), (1, "first")] if page > 1 else []
        if links:
            keep = {k: v[0] for k, v in query.items() if k != "page"}
            headers["Link"] = ", ".join(
                f'<{self.server.url}{path}?{urlencode({**keep, "page": n})}>; rel="{rel}"' for n, rel in links
            )
        return 200, found[(page - 1) * per_page : page * per_page], headers

    def _update(self, number: int, body: dict) -> tuple[int, object, dict[str, str]]:
        item = self.server.items[number]
        if "body" in body:
            _check_body(body, "Issue")
        if "state" in body and body["state"] not in ("open", "closed"):
            raise _Refusal(422, "Validation Failed", errors=[_INVALID_STATE])
        item.update({k: v for k, v in body.items() if k in ("title", "body", "state", "state_reason")})
        if body.get("state") == "open":
            item["state_reason"] = "reopened"
        self._maybe_lose("update-issue")
        return 200, item, {}

    def _maybe_lose(self, kind: str) -> None:
        if self.server.lose.get(kind, 0) > 0:
            self.server.lose[kind] -= 1
            raise _Lost


_INVALID_STATE = {"resource": "Issue", "field": "state", "code": "invalid"}


class _Lost(Exception):
    pass


def _check_body(body: dict, resource: str) -> None:
    if len(body.get("body") or "") > BODY_LIMIT:
        error = {
            "resource": resource,
            "code": "custom",
            "field": "body",
            "message": f"body is too long (maximum is {BODY_LIMIT} characters)",
        }
        raise _Refusal(422, "Validation Failed", errors=[error])


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


def env_for(server: FakeGitHub, token: str = TOKEN, repository: str = REPOSITORY) -> dict[str, str]:
    return {"GITHUB_TOKEN": token, "GITHUB_REPOSITORY": repository, "GITHUB_API_URL": server.url}
