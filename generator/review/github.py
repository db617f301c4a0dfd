"""The few GitHub REST calls the reporting intake makes: branches, files, pull requests, statuses, comments.

Only the trusted intake job calls these, with the repository's own token; nothing a reporter wrote reaches a
URL unencoded (paths are percent-encoded) or a header.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


class GitHubError(Exception):
    """GitHub refused or could not be reached; the message says what was asked."""


@dataclass(frozen=True)
class Client:
    api_url: str
    repository: str  # owner/name
    token: str
    timeout: float = 20
    max_wait: float = 60  # the longest `retry-after` honoured before giving up

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Client | None:
        token, repository = env.get("GITHUB_TOKEN"), env.get("GITHUB_REPOSITORY")
        if not token or not repository:
            return None
        return cls(env.get("GITHUB_API_URL") or "https://api.github.com", repository, token)

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        url = f"{self.api_url.rstrip('/')}/repos/{self.repository}{path}"
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
        for attempt in range(3):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = response.read()
                    return json.loads(payload) if payload else None
            except urllib.error.HTTPError as exc:
                wait = float(exc.headers.get("retry-after") or 0)
                if exc.code in (403, 429) and wait and wait <= self.max_wait and attempt < 2:
                    time.sleep(wait)
                    continue
                if exc.code == 404 and method == "GET":
                    return None
                detail = exc.read().decode("utf-8", "replace")[:300]
                raise GitHubError(f"GitHub trả lời {exc.code} cho {method} {path}: {detail}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                if attempt == 2 or method != "GET":  # a write is not repeated blind: its answer may be lost
                    raise GitHubError(f"không gọi được GitHub ({method} {path}): {exc}") from None
        raise GitHubError(f"GitHub bắt chờ quá lâu ({method} {path}).")

    # -- the calls ---------------------------------------------------------------------------------------

    def head_of(self, branch: str) -> str | None:
        ref = self.call("GET", f"/git/ref/heads/{quote(branch)}")
        return ref["object"]["sha"] if ref else None

    def point_branch(self, branch: str, sha: str) -> None:
        """Make `branch` point at `sha`, creating it or moving it there."""
        if self.head_of(branch) is None:
            self.call("POST", "/git/refs", {"ref": f"refs/heads/{branch}", "sha": sha})
        else:
            self.call("PATCH", f"/git/refs/heads/{quote(branch)}", {"sha": sha, "force": True})

    def put_file(self, branch: str, path: str, text: str, message: str) -> str:
        """Add a file on `branch`; returns the new commit's sha."""
        content = base64.b64encode(text.encode("utf-8")).decode("ascii")
        made = self.call("PUT", f"/contents/{quote(path)}", {"message": message, "content": content, "branch": branch})
        return made["commit"]["sha"]

    def open_pull(self, branch: str) -> dict[str, Any] | None:
        owner = self.repository.split("/")[0]
        pulls = self.call("GET", f"/pulls?state=open&head={quote(owner)}:{quote(branch)}") or []
        return pulls[0] if pulls else None

    def create_pull(self, branch: str, base: str, title: str, body: str) -> dict[str, Any]:
        return self.call("POST", "/pulls", {"title": title, "head": branch, "base": base, "body": body})

    def set_status(self, sha: str, state: str, context: str, description: str, url: str | None) -> None:
        status = {"state": state, "context": context, "description": description[:140]}
        if url:
            status["target_url"] = url
        self.call("POST", f"/statuses/{sha}", status)

    def comment(self, number: int, body: str) -> None:
        self.call("POST", f"/issues/{number}/comments", {"body": body})

    def label(self, number: int, labels: list[str]) -> None:
        self.call("POST", f"/issues/{number}/labels", {"labels": labels})

    def merge(self, number: int, sha: str, title: str) -> None:
        self.call("PUT", f"/pulls/{number}/merge", {"sha": sha, "merge_method": "squash", "commit_title": title})
