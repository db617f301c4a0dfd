"""The Atom feed of the latest progress reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.core.addresses import item_url
from generator.core.model import Report
from generator.core.progress import Progress
from generator.core.wording import item_title
from generator.site.render import environment

FEED_ENTRIES = 50


@dataclass(frozen=True)
class FeedEntry:
    report: Report
    agency: str
    title: str
    link: str


def render_feed(progress: Progress, site_url: str, override: Path | None = None) -> str:
    """An Atom feed of the latest reports known as of the day the figures are computed for.

    Atom's ids and links are absolute addresses: without the site's public address there is no feed."""
    base = site_url
    items = {item.key: item for item in progress.items}
    known = [r for r in progress.dataset.reports if r.date <= progress.today and r.task in items]
    latest = sorted(known, key=lambda r: (r.date, r.loc.line), reverse=True)[:FEED_ENTRIES]
    registry = progress.dataset.registry
    entries = [
        FeedEntry(
            r,
            registry.display_name(r.agency),
            item_title(items[r.task]),
            item_url(base, items[r.task]),
        )
        for r in latest
    ]
    return environment(override).get_template("feed.xml.j2").render(entries=entries, base=base, today=progress.today)
