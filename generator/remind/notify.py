"""Send the digests through the configured channels, once per stage, remembering what went out.

Where each channel remembers (see `state`): GitHub's in the agencies' reminder issues; e-mail's in the file
given with `--state`, else in the same issues. So in the workflow (no `--state`) a GitHub that cannot be read
means no e-mail either: without its state a run would send every agency the same mail again.
The Office's digest goes first, so that a slow or hung channel cannot keep it behind two hundred agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from generator.core.addresses import agency_page, page_url
from generator.core.model import Registry
from generator.core.wording import vn_date
from generator.remind import state as store
from generator.remind.channels import Breaker, Budget, ChannelError, Refused
from generator.remind.digest import OFFICE, Digest, Entry
from generator.remind.github import BODY_LIMIT, GitHub
from generator.remind.mail import Mailer, MailSession, header_text

_MARKER = re.compile(r"<!-- tracker:reminder ([a-z0-9-]+) -->")
ISSUE_LIMIT = 50  # entries an issue lists; the rest are on the site
MAIL_LIMIT = 200  # entries a mail lists
UNSAVED = "không ghi được trạng thái lên GitHub"
OVERDUE_PAGE = "qua-han.md"  # the site's list of overdue work (generator/site/render.py), for the Office


@dataclass
class Summary:
    sent: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"Đã gửi thư: {len(self.sent)}; đã mở/cập nhật/đóng issue: {len(self.issues)}; "
            f"bỏ qua: {len(self.skipped)}; lỗi: {len(self.failed)}."
        ]
        lines += [f"  gửi: {s}" for s in self.sent] + [f"  issue: {s}" for s in self.issues]
        lines += [f"  bỏ qua: {s}" for s in self.skipped] + [f"  LỖI: {s}" for s in self.failed]
        lines += [f"  cảnh báo: {s}" for s in self.warnings]
        return "\n".join(lines)


@dataclass
class Notifier:
    env: Environment
    registry: Registry
    escalate_after: int
    site_url: str | None = None
    mailer: Mailer | None = None
    github: GitHub | None = None
    state_file: Path | None = None
    mail_budget: float = 300  # seconds e-mail may take in one run
    summary: Summary = field(default_factory=Summary)
    _github_breaker: Breaker = field(default_factory=Breaker)
    _mail_untried: dict[str, int] = field(default_factory=dict)  # why -> mails not tried
    _office_parts: dict[str, dict[str, store.Stages]] | None = None

    # -- rendering ----------------------------------------------------------------------------------------

    def _render(self, template: str, digest: Digest, limit: int, **more: object) -> str:
        sections, shown = [], 0
        for title, entries in (("Quá hạn", digest.overdue), ("Đến hạn hôm nay", digest.due_today),
                               ("Sắp đến hạn", digest.due_soon)):  # fmt: skip
            listed: tuple[Entry, ...] = entries[: max(limit - shown, 0)]
            shown += len(listed)
            sections.append((title, len(entries), listed))
        return self.env.get_template(template).render(
            digest=digest,
            sections=sections,
            more=len(digest.entries) - shown,
            more_url=self._more_url(digest),
            registry=self.registry,
            office=OFFICE,
            escalate_after=self.escalate_after,
            **more,
        )

    def _more_url(self, digest: Digest) -> str | None:
        if not self.site_url:
            return None
        return self.site_url + page_url(OVERDUE_PAGE if digest.key == OFFICE else agency_page(digest.key))

    def subject(self, digest: Digest) -> str:
        return header_text(f"[Nhắc việc] {digest.name}: {_counts(digest)} ({vn_date(digest.today)})")

    def text(self, digest: Digest) -> str:
        return self._render("digest.txt.j2", digest, MAIL_LIMIT)

    # -- the run ------------------------------------------------------------------------------------------

    @property
    def _email_in_github(self) -> bool:
        return self.state_file is None

    def run(self, digests: list[Digest]) -> Summary:
        ordered = sorted(digests, key=lambda d: d.key != OFFICE)  # stable: the Office first, then the agencies
        issues, github_state = self._read_github({d.key for d in digests})
        email_state = self._read_email(github_state) if self.mailer else None
        session = self.mailer.session(Budget(self.mail_budget)) if self.mailer and email_state is not None else None
        try:
            for digest in ordered:
                if session is not None and github_state is not None and self._email_in_github and digest.key != OFFICE:
                    self._email_kept_in_issue(session, digest, issues, github_state)  # its mail state is in its issue
                    continue
                if session is not None and email_state is not None and self._mail_due(session, digest, email_state):
                    self._email(session, digest, email_state)
                if github_state is not None and not self._github_breaker.open:
                    self._issue(digest, issues, github_state)
        finally:
            if session is not None:
                session.close()
            if self.state_file and email_state is not None:
                store.save_file(self.state_file, email_state, ("email",))
        for reason, count in self._mail_untried.items():
            self.summary.failed.append(f"{count} thư chưa gửi: {reason}; lần chạy sau sẽ gửi")
        return self.summary

    def _read_github(self, keys: set[str]) -> tuple[dict[str, dict], store.State | None]:
        """The reminder issues by digest key, and the state they hold; (…, None) when GitHub cannot be read."""
        if not self.github:
            return {}, None
        try:
            found = self.github.reminder_issues()
        except ChannelError as exc:
            self.summary.failed.append(f"GitHub: {exc}; không gửi gì qua kênh nào nhớ trạng thái trên GitHub")
            return {}, None
        by_key: dict[str, dict] = {}
        for issue in sorted(found, key=lambda i: i["number"]):
            marker = _MARKER.search(issue.get("body") or "")
            if marker:
                by_key.setdefault(marker.group(1), issue)
        state: store.State = {}
        for key, issue in by_key.items():
            if key != OFFICE:
                store.read_markers(issue.get("body") or "", key, {key, OFFICE} & keys, state, self.summary.warnings)
        return by_key, state

    def _read_email(self, github_state: store.State | None) -> store.State | None:
        if self.state_file is not None:
            return store.load_file(self.state_file, ("email",), self.summary.warnings)
        if github_state is None:
            if self.github:
                self.summary.failed.append("thư: không gửi vì trạng thái đã gửi (lưu trên GitHub) không đọc được")
            return None
        return github_state  # one state, two channels: each its own record

    # -- e-mail -------------------------------------------------------------------------------------------

    def _mail_due(self, session: MailSession, digest: Digest, state: store.State) -> bool:
        """Whether the digest is to be mailed now; forgets what was sent once nothing is pending."""
        record = state.setdefault(digest.key, {})
        if not digest.pending:
            record["email"] = {}
            return False
        if not digest.has_news(record.get("email", {})):
            return False
        if not digest.emails:
            self.summary.skipped.append(f"{digest.key}: chưa có địa chỉ thư trong agencies.yaml")
            return False
        unsaved = self._email_in_github and self._github_breaker.open
        reason = session.stopped or (UNSAVED if unsaved else None)
        if reason:
            self._untried(reason)  # the next run sends it
            return False
        return True

    def _untried(self, reason: str) -> None:
        self._mail_untried[reason] = self._mail_untried.get(reason, 0) + 1

    def _email(self, session: MailSession, digest: Digest, state: store.State) -> bool:
        html = self._render("digest.html.j2", digest, MAIL_LIMIT)
        try:
            refused = session.send(digest.emails, self.subject(digest), self.text(digest), html)
        except Refused as exc:  # counted as sent: said once per stage, not every morning until it is fixed
            state[digest.key]["email"] = dict(digest.stages)
            self.summary.failed.append(f"thư cho {digest.key}: {exc}; sửa địa chỉ trong agencies.yaml")
            return True
        except ChannelError as exc:
            self.summary.failed.append(f"thư cho {digest.key} ({', '.join(digest.emails)}): {exc}")
            return False
        state[digest.key]["email"] = dict(digest.stages)  # sent: those it reached are not sent it again
        got = [e for e in digest.emails if e not in refused]
        self.summary.sent.append(f"{digest.key} → {', '.join(got)}")
        if refused:
            self.summary.failed.append(f"thư cho {digest.key}: máy chủ thư từ chối {', '.join(refused)}")
        return True

    def _email_kept_in_issue(
        self, session: MailSession, digest: Digest, issues: dict[str, dict], state: store.State
    ) -> None:
        """An agency whose mail state lives in its issue: the issue is written first, saying the mail went,
        and only then the mail is sent (and the issue corrected if it could not be). A GitHub that fails
        mid-run thus stops the mail instead of letting the next run send it again."""
        due = self._mail_due(session, digest, state) and not self._github_breaker.open
        record = state.setdefault(digest.key, {})
        before = record.get("email", {})
        if due:
            record["email"] = dict(digest.stages)
        written = not self._github_breaker.open and self._issue(digest, issues, state)
        if due and not written:
            record["email"] = before
            self._untried(UNSAVED)
        elif due and not self._email(session, digest, state):
            record["email"] = before
            self._issue(digest, issues, state)  # the issue said "sent": say it again as it is

    # -- GitHub issues ------------------------------------------------------------------------------------

    def _issue(self, digest: Digest, issues: dict[str, dict], state: store.State) -> bool:
        """Write the digest's issue (and its part of the state); False when GitHub refused or failed."""
        record = state.setdefault(digest.key, {})
        before = record.get("github", {})
        news = digest.pending and digest.has_news(before)
        record["github"] = dict(digest.stages) if digest.pending else {}
        if not digest.pending and digest.key not in issues:
            return True  # nothing to write and no call made: not a GitHub success, which would reset the breaker
        try:
            existing = self._write_issue(digest, issues, self._body(digest, state))
            if news and existing is not None:  # a new issue notifies its mentions itself
                self._comment(digest, existing)
        except ChannelError as exc:
            record["github"] = before
            self.summary.failed.append(f"issue cho {digest.key}: {exc}")
            if exc.transient:
                self._github_breaker.failed()
            if self._github_breaker.open:
                self.summary.failed.append("GitHub: đã dừng sau nhiều lỗi liên tiếp; lần chạy sau sẽ gửi tiếp")
            return False
        self._github_breaker.succeeded()
        return True

    def _body(self, digest: Digest, state: store.State) -> str:
        markers = "" if digest.key == OFFICE else store.markers(self._records(digest.key, state), digest.key)
        for limit in (ISSUE_LIMIT, 0):  # a listing too long for GitHub (long names) gives way to the link
            body = self._render("issue.md.j2", digest, limit, markers=Markup(markers))
            if len(body) <= BODY_LIMIT:
                return body
        return body  # GitHub would refuse it: the client says so without sending

    def _records(self, agency: str, state: store.State) -> dict[tuple[str, str], store.Stages]:
        """What agency `agency`'s issue keeps: its own records, and its part of the Office's. The Office's
        digest is done before any agency's, so its records are cut by agency once, not once per agency."""
        channels = ("github", "email") if self.mailer and self._email_in_github else ("github",)
        if self._office_parts is None:
            office = state.get(OFFICE, {})
            self._office_parts = {c: store.split_by_agency(office.get(c, {})) for c in channels}
        own = {(agency, c): state.get(agency, {}).get(c, {}) for c in channels}
        return own | {(OFFICE, c): self._office_parts[c].get(agency, {}) for c in channels}

    def _write_issue(self, digest: Digest, issues: dict[str, dict], body: str) -> int | None:
        """Create, update, reopen or close the digest's issue; the number of the one that was already there."""
        title = header_text(f"Nhắc việc: {digest.name}")
        issue = issues.get(digest.key)
        assert self.github is not None  # only called with GitHub configured
        if issue is None:
            if digest.pending:
                marker = f"<!-- tracker:reminder {digest.key} -->"
                issues[digest.key] = self.github.create_issue(title, body, marker)
                self.summary.issues.append(f"{digest.key}: mở issue #{issues[digest.key]['number']}")
            return None
        number, is_open = issue["number"], issue.get("state") == "open"
        if not digest.pending:
            if is_open:
                self.github.update_issue(number, body=body, state="closed", state_reason="completed")
                self.summary.issues.append(f"{digest.key}: đóng issue #{number} (không còn việc cần nhắc)")
            return number
        changes: dict[str, str] = {"body": body} if body != issue.get("body") else {}
        if not is_open:
            changes["state"] = "open"  # closed when all was done; new work is due: the same issue again
        if changes:
            self.github.update_issue(number, title=title, **changes)
            issue.update(changes)
            if "state" in changes:
                self.summary.issues.append(f"{digest.key}: mở lại issue #{number}")
        return number

    def _comment(self, digest: Digest, number: int) -> None:
        mentions = " ".join(f"@{m}" for m in digest.mentions)
        text = f"{mentions} Nhắc việc {vn_date(digest.today)}: {_counts(digest)}. Chi tiết ở nội dung issue."
        assert self.github is not None  # only called with GitHub configured
        self.github.comment(number, text.strip())
        self.summary.issues.append(f"{digest.key}: nhắc lại ở issue #{number}")


def _counts(digest: Digest) -> str:
    return f"{len(digest.overdue)} quá hạn, {len(digest.due_today)} đến hạn hôm nay, {len(digest.due_soon)} sắp đến hạn"
