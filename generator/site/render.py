"""Markdown pages from the computed progress, through Jinja2 templates the Office can override.

Each page's template gets the context its view gives (documented in `templates/README.md`) plus the names below,
and nothing else: `environment` is the whole vocabulary a template may use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.core import addresses, contract, wording
from generator.core.assignments import anchor_for
from generator.core.collation import vi_key
from generator.core.markup import environment as base_environment
from generator.core.model import Directive
from generator.core.progress import Progress, Row, attention_order, compute_progress
from generator.core.settings import Settings
from generator.core.status import ORDER, Category
from generator.site import charts, ical, periods, views
from generator.site.overdue import by_item
from generator.site.overdue import months as overdue_months
from generator.site.waiting import waiting


def badge(category: Category, row: Row | None = None) -> Markup:
    """A status shown as words in a coloured box: the colour helps, the label carries the meaning.

    With a row, the badge carries its deadline so the page's script can re-flag it as overdue when the
    reader's date has passed the deadline after the site was built: not when it is overdue already (or done), where
    the script has nothing to change (26 bytes of each of the most common rows). The status's own class is the
    badge (`tracker.css` styles the seven together): 140,000 badges at 20,000 tasks, 1.2 MiB of `tk-badge`."""
    if row is None or row.item.deadline is None or category.is_done or category is Category.OVERDUE:
        return Markup('<span class="tk-{0}">{1}</span>').format(category.value, category.label)
    return Markup('<span class="tk-{0}" data-deadline="{2}">{1}</span>').format(
        category.value, category.label, row.item.deadline.isoformat()
    )


def row_badge(row: Row) -> Markup:
    return badge(row.status.category, row)


@lru_cache(maxsize=8)
def environment(override: Path | None = None) -> Environment:
    """The site's templates (replaceable from `override`) and the names every one of them may use. One for each
    folder of overrides, kept: under `tracker serve` every rebuild would otherwise compile the templates again
    (Jinja2 still reads a template again when its file changes)."""
    env = base_environment("generator.site", override)
    env.globals.update(
        badge=badge,
        row_badge=row_badge,
        by_item=by_item,
        anchor_for=anchor_for,
        agency_page=addresses.agency_page,
        directive_page=addresses.directive_page,
        item_href=addresses.item_link,
        report_href=_report_href,
        page_url=addresses.page_url,
        UPCOMING_DAYS=views.UPCOMING_DAYS,
        ORDER=ORDER,
        role_label=wording.role_label,
        item_title=wording.item_title,
        directive_title=wording.directive_title,
        stacked=charts.stacked,
        describe=charts.describe,
        chart_total=charts.total,
        share=views.Share,
        trend_total=charts.trend_total,
        contract_version=contract.VERSION,
        calendar_recent_days=ical.RECENT_DAYS,
        calendar_named_old=ical.NAMED_OLD,
    )
    return env


Plan = dict[str, Callable[[], str]]


def _report_href(task_key: str, agency_id: str | None = None) -> Markup:
    """The report form's link, as markup: `urlencode` leaves only letters, digits, `-._~%+=&?/` in it, none of which
    can end the link or start markup, and its `&` must stay `&` for the form to read its address."""
    return Markup(addresses.report_form_link(task_key, agency_id))


# What each page template is given, besides the names of `environment`: its documented context. Every page gets
# COMMON; `tests/site/test_templates.py` checks that no template uses a name outside its context.
COMMON = frozenset({"root", "today", "registry", "progress", "edit_url", "site_url"})
CONTEXT: dict[str, frozenset[str]] = {
    "dashboard.md.j2": COMMON
    | {
        "months",
        "counts",
        "headline",
        "most_overdue",
        "overdue",
        "overdue_total",
        "upcoming",
        "upcoming_total",
        "agencies",
    },
    "overdue.md.j2": COMMON | {"overdue", "months"},
    "overdue_month.md.j2": COMMON | {"month", "previous", "next"},
    "agencies.md.j2": COMMON | {"agencies"},
    "directives.md.j2": COMMON | {"directives"},
    "data.md.j2": COMMON,
    "league.md.j2": COMMON | {"agencies"},
    "periods.md.j2": COMMON | {"periods"},
    "period.md.j2": COMMON | {"period"},
    "agency.md.j2": COMMON | {"line", "agency", "group", "rows", "done", "groups", "headline", "trend"},
    "directive.md.j2": COMMON | {"directive", "items", "counts"},
    "report_form.md.j2": COMMON | {"new_file", "issue_form"},
    "waiting.md.j2": COMMON | {"waiting", "pulls_url"},
}


def _agency_context(progress: Progress, line: views.AgencyLine) -> dict[str, Any]:
    registry = progress.dataset.registry
    agency = registry.agencies.get(line.id)
    mine = progress.rows_by_agency[line.id]
    todo, done = views.split_done(attention_order(mine))
    return {
        "line": line,
        "agency": agency,
        "group": registry.groups.get(line.id),
        "rows": todo,
        "done": done,
        "groups": views.agency_groups(agency, registry),
        "headline": views.Headline.of(mine),
        "trend": charts.trend(list(mine), progress.today),
    }


def page_plan(
    progress: Progress,
    override: Path | None = None,
    edit_url: str | None = None,
    site_url: str | None = None,
    new_file: str | None = None,
    issue_form: str | None = None,
    pulls_url: str | None = None,
) -> Plan:
    """Every generated page, as {path inside docs: a function that renders its markdown}.

    The paths are known before anything is rendered, so MkDocs can list the files while another process renders
    them. `edit_url` opens the ledger for the Office; without `site_url` (the public address) the feed is not
    published and the pages say so; `new_file` and `issue_form` are where the report form sends a report
    (GitHub's new-file page, the reporting issue form), when the repository is known."""
    env = environment(override)
    registry = progress.dataset.registry
    common = {
        "today": progress.today,
        "registry": registry,
        "progress": progress,
        "edit_url": edit_url,
        "site_url": site_url,
    }

    @cache
    def lines() -> list[views.AgencyLine]:  # every agency's line: for the summary pages, not for listing the pages
        return views.agency_lines(progress)

    def page(template: str, root: str, **context: object) -> Callable[[], str]:
        given = {"root": root, **common, **context}
        if set(given) != CONTEXT[template]:  # a programming error: the context and its documentation disagree
            raise TypeError(f"{template}: given {sorted(given)}, documented {sorted(CONTEXT[template])}")
        return lambda: env.get_template(template).render(given)

    def dashboard() -> str:
        overdue, upcoming = views.overdue_rows(progress), views.upcoming_rows(progress)
        ranked = sorted(lines(), key=lambda a: (-a.counts["overdue"], vi_key(a.name)))
        return page(
            "dashboard.md.j2",
            "",
            months=charts.deadlines_by_month(list(progress.rows), progress.today),
            counts=views.Counts.of(progress.rows),
            headline=views.Headline.of(progress.rows),
            most_overdue=charts.ranking([(a.name, a.page, a.counts["overdue"]) for a in ranked]),
            overdue=overdue[: views.DASHBOARD_OVERDUE],
            overdue_total=len(overdue),
            upcoming=upcoming[: views.DASHBOARD_OVERDUE],
            upcoming_total=len(upcoming),
            agencies=lines(),
        )()

    late = views.overdue_rows(progress)
    months = overdue_months(late)  # none while the list fits one page
    bounds = [b for b in periods.period_bounds(progress) if b[2] <= progress.today]
    period_links = [periods.PeriodLink(*b, min(b[3], progress.today)) for b in bounds]
    plan: Plan = {
        "index.md": dashboard,
        "qua-han.md": page("overdue.md.j2", "", overdue=late, months=months),
        addresses.AGENCY_INDEX: lambda: page("agencies.md.j2", "../", agencies=lines())(),
        addresses.DIRECTIVE_INDEX: lambda: page("directives.md.j2", "../", directives=_directive_lines(progress))(),
        "du-lieu.md": page("data.md.j2", ""),
        addresses.REPORT_FORM: page("report_form.md.j2", "../", new_file=new_file, issue_form=issue_form),
        "cho-van-phong.md": lambda: page("waiting.md.j2", "", waiting=waiting(progress), pulls_url=pulls_url)(),
        "xep-hang.md": lambda: page("league.md.j2", "", agencies=lines())(),
        "bao-cao-dinh-ky/index.md": page("periods.md.j2", "../", periods=period_links),
    }
    for bound in bounds:
        # mypy cannot type a lambda whose parameters have defaults (the loop's value, bound now): hence the ignores.
        plan[addresses.period_page(bound[0])] = lambda bound=bound: page(  # type: ignore[misc]
            "period.md.j2",
            "../",
            period=periods.period_report(progress, *bound, compute=compute_progress),  # type: ignore[misc]
        )()
    for i, month in enumerate(months):
        neighbours = {"previous": months[i - 1] if i else None, "next": months[i + 1] if i + 1 < len(months) else None}
        plan[month.page] = page("overdue_month.md.j2", "../", month=month, **neighbours)
    for aid in sorted(progress.rows_by_agency):
        plan[addresses.agency_page(aid)] = lambda aid=aid: page(  # type: ignore[misc]
            "agency.md.j2",
            "../",
            **_agency_context(progress, views.agency_line(progress, aid)),
        )()
    for directive in progress.dataset.directives:
        plan[addresses.directive_page(directive.id)] = lambda directive=directive: page(  # type: ignore[misc]
            "directive.md.j2",
            "../",
            directive=directive,
            items=views.directive_items(directive, progress),
            counts=views.Counts.of(views.directive_rows(directive, progress)),
        )()
    # MkDocs asks for the pages in this order while the renderer makes them beside it. Detail pages first: they are
    # quick to render and slow to convert, so the renderer runs ahead and has the summary pages, slow to render (a
    # period report computes progress again as of its last day), ready before MkDocs asks for them.
    return {path: plan[path] for path in sorted(plan, key=lambda path: not addresses.is_detail(path))}


def site_plan(progress: Progress, settings: Settings, ledger: str) -> Plan:
    """The page plan of the site `settings` describe, with its links to the repository (`ledger` opened for the
    Office, the new report file, the reporting issue form, the reports' pull requests) where it is known."""
    return page_plan(
        progress,
        settings.templates,
        edit_url=addresses.edit_url(settings.repository, settings.branch, ledger),
        site_url=settings.site_url,
        new_file=addresses.new_file_url(settings.repository, settings.branch),
        issue_form=addresses.report_issue_url(settings.repository),
        pulls_url=addresses.report_pulls_url(settings.repository),
    )


def render_pages(
    progress: Progress, override: Path | None = None, edit_url: str | None = None, site_url: str | None = None
) -> dict[str, str]:
    """Every generated page, rendered: {path inside docs: markdown}."""
    return {path: render() for path, render in page_plan(progress, override, edit_url, site_url).items()}


def _directive_lines(progress: Progress) -> list[tuple[Directive, views.Counts]]:
    by_directive: dict[str, list[Row]] = {d.id: [] for d in progress.dataset.directives}
    for row in progress.rows:
        by_directive[row.item.directive.id].append(row)
    directives = sorted(progress.dataset.directives, key=lambda d: (d.date or date.min, d.id), reverse=True)
    return [(d, views.Counts.of(by_directive[d.id])) for d in directives]
