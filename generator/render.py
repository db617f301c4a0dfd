"""Markdown pages from the computed progress, through Jinja2 templates the Office can override."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    pass_eval_context,
    select_autoescape,
)
from markupsafe import Markup

from . import charts, views
from .assignments import anchor_for
from .model import Report
from .progress import Progress, Row, compute_progress
from .status import ORDER, Category


def vn_date(day: date | None, unknown: str = "chưa rõ") -> str:
    return day.strftime("%d/%m/%Y") if day else unknown


# HTML's special characters, and Markdown's for links, images, attributes (`{: onclick=…}`), code and emphasis,
# and the pipe that ends a table cell, as character references: text from the data shows as written and cannot
# become markup, a link or a script.
# References are valid in Markdown, HTML and XML alike, so the same escaping serves pages, mail and feeds.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]|"})


def inert(text: object) -> Markup:
    """Text from the data, escaped so that neither HTML nor Markdown reads anything in it as markup."""
    return Markup(str(text).translate(_INERT))


def table_cell(text: object) -> Markup:
    """Text for a Markdown table cell: inert, no pipes or line breaks to break the row."""
    return inert(" ".join(str(text).split()))


def link_target(url: str) -> Markup:
    """A checked http(s) address as a Markdown link target: parentheses and spaces percent-encoded, so that the
    address cannot end the link early and start markup of its own."""
    return inert(quote(url, safe=":/?#@!$&'*+,;=%~[]"))


@pass_eval_context
def _finalize(context, value: object) -> object:
    """Every `{{ … }}` of an escaping template: plain text is made inert; markup made by the code is kept."""
    if context.autoescape and isinstance(value, str) and not hasattr(value, "__html__"):
        return inert(value)
    return value


def badge(category: Category, row: Row | None = None) -> Markup:
    """A status shown as words in a coloured box: the colour helps, the label carries the meaning.

    With a row, the badge carries its deadline so the page's script can re-flag it as overdue when the
    reader's date has passed the deadline after the site was built."""
    if row is None or row.item.deadline is None or category.is_done:
        return Markup('<span class="tk-badge tk-{0}">{1}</span>').format(category.value, category.label)
    return Markup('<span class="tk-badge tk-{0}" data-deadline="{2}">{1}</span>').format(
        category.value, category.label, row.item.deadline.isoformat()
    )


def row_badge(row: Row) -> Markup:
    return badge(row.status.category, row)


def environment(override: Path | None = None) -> Environment:
    loaders = [FileSystemLoader(str(override))] if override and override.is_dir() else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PackageLoader("generator", "templates")]),
        # Text from YAML is data, never markup: escaped in pages, mail HTML and issues (plain-text mail is not HTML).
        autoescape=select_autoescape(
            enabled_extensions=("md.j2", "html.j2", "xml.j2"), default_for_string=True, default=False
        ),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(vndate=vn_date, cell=table_cell, short=views.short_text, link=link_target)
    env.globals.update(
        badge=badge,
        row_badge=row_badge,
        anchor_for=anchor_for,
        v=views,
        ORDER=ORDER,
        Category=Category,
        role_label=views.role_label,
        item_title=views.item_title,
        directive_title=views.directive_title,
        stacked=charts.stacked,
        describe=charts.describe,
    )
    return env


Plan = dict[str, Callable[[], str]]


def page_plan(progress: Progress, override: Path | None = None, edit_url: str | None = None) -> Plan:
    """Every generated page, as {path inside docs: a function that renders its markdown}.

    The paths are known before anything is rendered, so MkDocs can list the files while another process renders
    them. `edit_url` opens the ledger for a report."""
    env = environment(override)
    registry = progress.dataset.registry
    common = {"today": progress.today, "registry": registry, "progress": progress, "edit_url": edit_url}
    lines = views.agency_lines(progress)

    def page(template: str, root: str, **context) -> Callable[[], str]:
        return lambda: env.get_template(template).render(root=root, **common, **context)

    def dashboard() -> str:
        overdue, upcoming = views.overdue_rows(progress), views.upcoming_rows(progress)
        return page(
            "dashboard.md.j2",
            "",
            months=charts.deadlines_by_month(list(progress.rows), progress.today),
            counts=views.Counts.of(progress.rows),
            overdue=overdue[: views.DASHBOARD_OVERDUE],
            overdue_total=len(overdue),
            upcoming=upcoming[: views.DASHBOARD_OVERDUE],
            upcoming_total=len(upcoming),
            agencies=lines,
        )()

    bounds = [b for b in views.period_bounds(progress) if b[2] <= progress.today]
    period_links = [views.PeriodLink(*b, min(b[3], progress.today)) for b in bounds]
    plan: Plan = {
        "index.md": dashboard,
        "qua-han.md": lambda: page("overdue.md.j2", "", overdue=views.overdue_rows(progress))(),
        "co-quan/index.md": page("agencies.md.j2", "../", agencies=lines),
        "van-ban/index.md": lambda: page("directives.md.j2", "../", directives=_directive_lines(progress))(),
        "du-lieu.md": page("data.md.j2", ""),
        "xep-hang.md": page("league.md.j2", "", agencies=lines),
        "bao-cao-dinh-ky/index.md": page("periods.md.j2", "../", periods=period_links),
    }
    for bound in bounds:
        plan[views.period_page(bound[0])] = lambda bound=bound: page(
            "period.md.j2", "../", period=views.period_report(progress, *bound, compute=compute_progress)
        )()
    for line in lines:
        agency = registry.agencies.get(line.id)
        plan[line.page] = lambda line=line, agency=agency: page(
            "agency.md.j2",
            "../",
            line=line,
            agency=agency,
            group=registry.groups.get(line.id),
            rows=views.attention_order(progress.rows_by_agency[line.id]),
            groups=views.agency_groups(agency, registry),
        )()
    for directive in progress.dataset.directives:
        plan[views.directive_page(directive.id)] = lambda directive=directive: page(
            "directive.md.j2", "../", directive=directive, items=views.directive_items(directive, progress)
        )()
    # MkDocs asks for the pages in this order while the renderer makes them beside it. Detail pages first: they are
    # quick to render and slow to convert, so the renderer runs ahead and has the summary pages, slow to render (a
    # period report computes progress again as of its last day), ready before MkDocs asks for them.
    return {path: plan[path] for path in sorted(plan, key=lambda path: not views.is_detail(path))}


def render_pages(progress: Progress, override: Path | None = None, edit_url: str | None = None) -> dict[str, str]:
    """Every generated page, rendered: {path inside docs: markdown}."""
    return {path: render() for path, render in page_plan(progress, override, edit_url).items()}


def _directive_lines(progress: Progress) -> list[tuple]:
    by_directive: dict[str, list] = {d.id: [] for d in progress.dataset.directives}
    for row in progress.rows:
        by_directive[row.item.directive.id].append(row)
    directives = sorted(progress.dataset.directives, key=lambda d: (d.date or date.min, d.id), reverse=True)
    return [(d, views.Counts.of(by_directive[d.id])) for d in directives]


FEED_ENTRIES = 50


@dataclass(frozen=True)
class FeedEntry:
    report: Report
    agency: str
    title: str
    link: str


def render_feed(progress: Progress, site_url: str | None, override: Path | None = None) -> str:
    """An Atom feed of the latest reports known as of the day the figures are computed for."""
    base = site_url or "../"
    items = {item.key: item for item in progress.items}
    known = [r for r in progress.dataset.reports if r.date <= progress.today and r.task in items]
    latest = sorted(known, key=lambda r: (r.date, r.loc.line), reverse=True)[:FEED_ENTRIES]
    registry = progress.dataset.registry
    entries = [
        FeedEntry(
            r,
            registry.display_name(r.agency),
            views.item_title(items[r.task]),
            f"{base}{views.directive_page(items[r.task].directive.id)[:-3]}/#{items[r.task].anchor}",
        )
        for r in latest
    ]
    return environment(override).get_template("feed.xml.j2").render(entries=entries, base=base, today=progress.today)
