"""Send the digests through the configured channels, once per stage, remembering what went out.

What was sent is kept in each agency's reminder issue (a table people can read, and a JSON comment the next
run reads), and in a YAML state file when one is given (the store when GitHub is not configured).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment

from generator.core.model import Registry
from generator.core.wording import vn_date
from generator.remind.channels import ChannelError, GitHub, Mailer
from generator.remind.digest import OFFICE, Digest

_MARKER = re.compile(r"<!-- tracker:reminder ([a-z0-9-]+) -->")
_STATE = re.compile(r"<!-- tracker:state (.*?) -->", re.S)

State = dict[str, dict[str, dict[str, str]]]  # digest key -> channel -> assignment -> stage sent
Issue = dict[str, Any]  # as GitHub's API gives it


@dataclass
class Summary:
    sent: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"Đã gửi thư: {len(self.sent)}; đã mở/cập nhật/đóng issue: {len(self.issues)}; "
            f"bỏ qua: {len(self.skipped)}; lỗi: {len(self.failed)}."
        ]
        lines += [f"  gửi: {s}" for s in self.sent] + [f"  issue: {s}" for s in self.issues]
        lines += [f"  bỏ qua: {s}" for s in self.skipped] + [f"  LỖI: {s}" for s in self.failed]
        return "\n".join(lines)


@dataclass
class Notifier:
    env: Environment
    registry: Registry
    escalate_after: int
    mailer: Mailer | None = None
    github: GitHub | None = None
    state_file: Path | None = None
    summary: Summary = field(default_factory=Summary)

    # -- rendering ----------------------------------------------------------------------------------------

    def _render(self, template: str, digest: Digest, **more: Any) -> str:
        sections = [
            ("Quá hạn", digest.overdue),
            ("Đến hạn hôm nay", digest.due_today),
            ("Sắp đến hạn", digest.due_soon),
        ]
        return self.env.get_template(template).render(
            digest=digest,
            sections=sections,
            registry=self.registry,
            office=OFFICE,
            escalate_after=self.escalate_after,
            **more,
        )

    def subject(self, digest: Digest) -> str:
        counts = (
            f"{len(digest.overdue)} quá hạn, {len(digest.due_today)} đến hạn hôm nay, "
            f"{len(digest.due_soon)} sắp đến hạn"
        )
        return f"[Nhắc việc] {digest.name}: {counts} ({vn_date(digest.today)})"

    def text(self, digest: Digest) -> str:
        return self._render("digest.txt.j2", digest)

    # -- state --------------------------------------------------------------------------------------------

    def load_state(self, issues: dict[str, Issue]) -> State:
        state: State = {}
        if self.state_file and self.state_file.exists():
            state = yaml.safe_load(self.state_file.read_text("utf-8")) or {}
        for key, issue in issues.items():
            found = _STATE.search(issue.get("body") or "")
            if found:
                state[key] = json.loads(html.unescape(found.group(1)))
        return state

    def save_state(self, state: State) -> None:
        if self.state_file:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            header = "# Nhắc việc đã gửi (tracker remind): đơn vị -> kênh -> nhiệm vụ@đơn vị -> mốc đã nhắc.\n"
            self.state_file.write_text(header + yaml.safe_dump(state, allow_unicode=True, sort_keys=True), "utf-8")

    # -- the run ------------------------------------------------------------------------------------------

    def run(self, digests: list[Digest]) -> Summary:
        issues = self._issues()
        state = self.load_state(issues)
        for digest in digests:
            record = state.setdefault(digest.key, {})
            if self.mailer:
                self._email(digest, record)
            if self.github:
                self._issue(digest, record, issues.get(digest.key))
        self.save_state(state)
        return self.summary

    def _issues(self) -> dict[str, Issue]:
        if not self.github:
            return {}
        try:
            found = self.github.reminder_issues()
        except ChannelError as exc:
            self.summary.failed.append(f"GitHub: {exc}")
            self.github = None  # without the issues there is no knowing what was sent: skip the channel
            return {}
        by_key: dict[str, Issue] = {}
        for issue in sorted(found, key=lambda i: i["number"]):
            marker = _MARKER.search(issue.get("body") or "")
            if marker:
                by_key.setdefault(marker.group(1), issue)
        return by_key

    def _email(self, digest: Digest, record: dict[str, dict[str, str]]) -> None:
        sent = record.get("email", {})
        if not digest.pending:
            record["email"] = {}
            return
        if not digest.has_news(sent):
            return
        if not digest.emails:
            self.summary.skipped.append(f"{digest.key}: chưa có địa chỉ thư trong agencies.yaml")
            return
        assert self.mailer is not None  # run() e-mails only with a mailer
        try:
            self.mailer.send(
                digest.emails, self.subject(digest), self.text(digest), self._render("digest.html.j2", digest)
            )
        except ChannelError as exc:
            self.summary.failed.append(f"thư cho {digest.key} ({', '.join(digest.emails)}): {exc}")
            return
        record["email"] = dict(digest.stages)
        self.summary.sent.append(f"{digest.key} → {', '.join(digest.emails)}")

    def _issue(self, digest: Digest, record: dict[str, dict[str, str]], issue: Issue | None) -> None:
        before = record.get("github", {})
        news = digest.pending and digest.has_news(before)
        record["github"] = dict(digest.stages) if digest.pending else {}
        if not digest.pending:
            record["email"] = {}
        body = self._render(
            "issue.md.j2",
            digest,
            state=record,
            state_json=json.dumps(record, ensure_ascii=False, sort_keys=True),
        )
        try:
            self._write_issue(digest, issue, body, news)
        except ChannelError as exc:
            record["github"] = before
            self.summary.failed.append(f"issue cho {digest.key}: {exc}")

    def _write_issue(self, digest: Digest, issue: Issue | None, body: str, news: bool) -> None:
        assert self.github is not None  # run() writes issues only with GitHub
        title = f"Nhắc việc: {digest.name}"
        if issue is None:
            if digest.pending:
                created = self.github.create_issue(title, body)
                self.summary.issues.append(f"{digest.key}: mở issue #{created['number']}")
            return
        number, is_open = issue["number"], issue.get("state") == "open"
        if not digest.pending:
            if is_open:
                self.github.update_issue(number, body=body, state="closed", state_reason="completed")
                self.summary.issues.append(f"{digest.key}: đóng issue #{number} (không còn việc cần nhắc)")
            return
        changes = {"body": body} if body != issue.get("body") else {}
        if not is_open:
            changes["state"] = "open"
        if changes:
            self.github.update_issue(number, title=title, **changes)
        if news:
            mentions = " ".join(f"@{m}" for m in digest.mentions)
            self.github.comment(number, f"{mentions} {self.subject(digest)}. Chi tiết ở nội dung issue.".strip())
            self.summary.issues.append(f"{digest.key}: nhắc lại ở issue #{number}")
