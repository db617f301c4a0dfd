"""The national pages as Markdown, from the roll-up: view-models here, markup in `templates/`.

Everything a province sent is untrusted text: the templates escape it (`core.markup`), and the only links made from
it are checked http(s) addresses under the province's own address (`read`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from generator.core import contract
from generator.core.clock import VIETNAM
from generator.core.markup import environment
from generator.federate.read import BUCKETS, Counts, OverdueItem
from generator.federate.rollup import Outcome, Rollup

COLUMN_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "within_deadline": "Chưa hoàn thành, trong hạn",
    "overdue": "Chưa hoàn thành, quá hạn",
    "ongoing": "Thường xuyên (chưa hoàn thành)",
    "done_undated": "Hoàn thành (không có hạn)",
}


def province_page(province_id: str) -> str:
    return f"tinh/{province_id}.md"


@dataclass(frozen=True)
class ProvinceView:
    outcome: Outcome
    page: str

    @property
    def name(self) -> str:
        return self.outcome.province.name

    @property
    def counts(self) -> Counts | None:
        return self.outcome.summary.counts if self.outcome.summary else None

    @property
    def state(self) -> str:
        """What the figures shown are: today's, the cached copy's, or none (never zero)."""
        o = self.outcome
        if o.summary is None:
            return f"không lấy được dữ liệu: {o.problem}"
        day = f"{o.summary.as_of:%d/%m/%Y}"
        if o.cached_at is not None:
            return f"{day}: bản lưu lấy lúc {fetched(o.cached_at)}; hôm nay không lấy được dữ liệu: {o.problem}"
        return day + (" (số liệu cũ)" if o.stale else "")

    @property
    def overdue(self) -> list[OverdueItem]:
        return self.outcome.summary.overdue if self.outcome.summary else []

    @property
    def overdue_more(self) -> int:
        return self.counts.overdue - len(self.overdue) if self.counts else 0


def fetched(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%H:%M %d/%m/%Y")


def render_pages(rollup: Rollup, title: str) -> dict[str, str]:
    env = environment("generator.federate")
    views = [ProvinceView(o, province_page(o.province.id)) for o in rollup.outcomes]
    common = {
        "title": title,
        "today": rollup.today,
        "provinces": views,
        "stale_after_days": rollup.stale_after_days,
        "BUCKETS": BUCKETS,
        "COLUMN_LABELS": COLUMN_LABELS,
        "KIND_LABELS": contract.KIND_LABELS,
        "VERSION": contract.VERSION,
        "fetched": fetched,
    }
    pages = {
        "index.md": env.get_template("index.md.j2").render(
            **common, root="", total=rollup.total(), kinds=rollup.by_kind(), shown=len(rollup.shown)
        ),
        "qua-han.md": env.get_template("overdue.md.j2").render(**common, root=""),
    }
    for view in views:
        pages[view.page] = env.get_template("province.md.j2").render(**common, root="../", view=view)
    return pages
