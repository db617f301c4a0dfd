"""GitHub's REST API for the reminder issues, within the rules GitHub sets.

Reads are retried on a dropped connection, a 5xx or a rate limit (waiting what `retry-after` asks, up to a
bound). A write whose answer was lost may still have happened, so before writing again the client looks for
it (the issue with the agency's marker, the comment with the same text): a lost answer never makes a second
issue or a second comment.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.remind.channels import ChannelError

T = TypeVar("T")
LABEL = "nhac-viec"
BODY_LIMIT = 65_536  # characters: GitHub refuses a longer issue or comment body (422)
_LOST = (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException)


class _Transient(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait  # what GitHub asked us to wait (retry-after), if it said


@dataclass(frozen=True)
class GitHub:
    api_url: str
    repository: str  # owner/name
    token: str
    attempts: int = 3
    pause: float = 0.5
    timeout: float = 15
    max_wait: float = 60  # the longest `retry-after` honoured; a longer one fails the call

    @classmethod
    def from_env(cls, env: dict[str, str]) -> GitHub | None:
        """GITHUB_TOKEN and GITHUB_REPOSITORY (as in Actions) enable it; GITHUB_API_URL points elsewhere."""
        token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
        if not token or not repository:
            return None
        return cls(env.get("GITHUB_API_URL") or "https://api.github.com", repository, token)

    # -- the calls ----------------------------------------------------------------------------------------

    def reminder_issues(self) -> list[dict]:
        """Every issue with the reminder label, open or closed (GitHub lists only open ones unless asked),
        following the pagination; pull requests, which GitHub lists among issues, are left out."""
        return [i for i in self._pages(f"/repos/{self.repository}/issues?labels={LABEL}&state=all&per_page=100")
                if "pull_request" not in i]  # fmt: skip

    def comments(self, number: int) -> list[dict]:
        return self._pages(f"/repos/{self.repository}/issues/{number}/comments?per_page=100")

    def create_issue(self, title: str, body: str, marker: str) -> dict:
        """A new reminder issue; `marker` is the text in its body that finds it again if the answer is lost."""

        def made() -> dict | None:
            return next((i for i in self.reminder_issues() if marker in (i.get("body") or "")), None)

        payload = {"title": title, "body": _fits(body), "labels": [LABEL]}
        return self._write("POST", f"/repos/{self.repository}/issues", payload, made)

    def update_issue(self, number: int, **fields: Any) -> None:
        if "body" in fields:
            _fits(fields["body"])
        self._write("PATCH", f"/repos/{self.repository}/issues/{number}", fields, None)  # the same PATCH twice is one

    def comment(self, number: int, body: str) -> None:
        def made() -> dict | None:
            return next((c for c in self.comments(number) if c.get("body") == body), None)

        self._write("POST", f"/repos/{self.repository}/issues/{number}/comments", {"body": _fits(body)}, made)

    # -- the protocol -------------------------------------------------------------------------------------

    def _pages(self, url: str | None) -> list[dict]:
        found: list[dict] = []
        while url:
            page, headers = self._read("GET", url)
            if not isinstance(page, list):
                raise ChannelError(f"GitHub trả về dữ liệu không phải danh sách cho {url}")
            found.extend(page)
            url = _next_link(headers.get("link") or "")
        return found

    def _read(self, method: str, url: str) -> tuple[Any, dict[str, str]]:
        return self._retry(lambda: self._once(method, url, None), method, url)

    def _write(self, method: str, url: str, body: dict, made: Callable[[], dict | None] | None) -> Any:
        tries = iter(range(self.attempts))

        def once() -> tuple[Any, dict[str, str]]:
            if next(tries) > 0 and made is not None:
                done = made()  # the last attempt may have been performed though its answer was lost
                if done is not None:
                    return done, {}
            return self._once(method, url, body)

        return self._retry(once, method, url)[0]

    def _retry(self, once: Callable[[], T], method: str, url: str) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return once()
            except _Transient as exc:
                if attempt == self.attempts:
                    raise ChannelError(f"không gọi được GitHub ({method} {self._short(url)}): {exc}", True) from None
                if exc.wait is not None and exc.wait > self.max_wait:
                    raise ChannelError(
                        f"GitHub giới hạn tần suất gọi ({method} {self._short(url)}): phải chờ {exc.wait:g} giây, "
                        f"quá {self.max_wait:g} giây cho phép; lần chạy sau sẽ gửi tiếp",
                        True,
                    ) from None
                time.sleep(exc.wait if exc.wait is not None else self.pause * attempt)
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, body: dict | None) -> tuple[Any, dict[str, str]]:
        request = urllib.request.Request(
            url if url.startswith("http") else f"{self.api_url.rstrip('/')}{url}",
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
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
                headers = {k.lower(): v for k, v in response.headers.items()}
                return (json.loads(payload) if payload else None), headers
        except urllib.error.HTTPError as exc:
            with exc:  # its connection, closed now rather than whenever the error is collected
                raise _refusal(exc, method, self._short(url)) from None
        except json.JSONDecodeError as exc:
            raise _Transient(f"câu trả lời không đọc được ({exc})") from None
        except _LOST as exc:
            raise _Transient(str(exc) or type(exc).__name__) from None

    def _short(self, url: str) -> str:
        return url.removeprefix(self.api_url.rstrip("/"))


def _refusal(exc: urllib.error.HTTPError, method: str, url: str) -> Exception:
    """A transient error to retry (5xx, a rate limit), or the ChannelError that says what GitHub refused."""
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    limited = exc.code == 429 or (
        exc.code == 403 and ("retry-after" in headers or headers.get("x-ratelimit-remaining") == "0")
    )
    if limited:
        return _Transient(f"{exc.code} giới hạn tần suất", _wait(headers))
    if exc.code >= 500:
        return _Transient(f"{exc.code} {exc.reason}")
    detail = exc.read().decode("utf-8", "replace")[:300]
    with contextlib.suppress(ValueError, AttributeError):
        detail = json.loads(detail).get("message", detail)
    what = {401: "mã truy cập (GITHUB_TOKEN) bị từ chối", 404: "không tìm thấy kho hoặc issue"}.get(exc.code, "")
    return ChannelError(f"GitHub trả lời {exc.code} cho {method} {url}: {what + '; ' if what else ''}{detail}")


def _wait(headers: dict[str, str]) -> float:
    """Seconds to wait: `retry-after`, else until `x-ratelimit-reset`, else a minute (GitHub's advice)."""
    try:
        if "retry-after" in headers:
            return max(0.0, float(headers["retry-after"]))
        if "x-ratelimit-reset" in headers:
            return max(0.0, float(headers["x-ratelimit-reset"]) - time.time())
    except ValueError:
        pass
    return 60.0


def _fits(body: str) -> str:
    if len(body) > BODY_LIMIT:
        raise ChannelError(f"nội dung dài {len(body):,} ký tự, quá giới hạn {BODY_LIMIT:,} của GitHub")
    return body


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None
