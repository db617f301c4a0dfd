"""Every address the tracker writes: pages of the site, the repository and its editor, the published site.

Pages are named by their Markdown source inside the site (`van-ban/<id>.md`); `page_url` turns one into the
address MkDocs publishes it at (`van-ban/<id>/`), so no caller builds an address by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import urlencode

from generator.core.assignments import Item

AGENCY_INDEX = "co-quan/index.md"
DIRECTIVE_INDEX = "van-ban/index.md"
ALL_CALENDAR = "data/lich/tat-ca.ics"


def agency_page(agency_id: str) -> str:
    return f"co-quan/{agency_id}.md"


def directive_page(directive_id: str) -> str:
    return f"van-ban/{directive_id}.md"


def agency_calendar(agency_id: str) -> str:
    return f"data/lich/{agency_id}.ics"


# The ids whose own page or calendar would be one of the fixed files beside it, and overwrite it.
RESERVED_AGENCY_IDS = frozenset(PurePosixPath(path).stem for path in (AGENCY_INDEX, ALL_CALENDAR))
RESERVED_DIRECTIVE_IDS = frozenset((PurePosixPath(DIRECTIVE_INDEX).stem,))


def period_page(slug: str) -> str:
    return f"bao-cao-dinh-ky/{slug}.md"


def is_detail(path: str) -> bool:
    """A directive's or an agency's own page, as opposed to the summary pages."""
    return path.startswith(("van-ban/", "co-quan/")) and not path.endswith("/index.md")


def is_directive_page(path: str) -> bool:
    return path.startswith("van-ban/") and path != DIRECTIVE_INDEX


def item_link(item: Item) -> str:
    """The item's place on its directive's page, as a link between Markdown pages (MkDocs resolves it)."""
    return f"{directive_page(item.directive.id)}#{item.anchor}"


def page_url(page: str) -> str:
    """Where MkDocs publishes a page, relative to the site's root (directory URLs)."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def item_url(base: str, item: Item) -> str:
    """The item on its directive's published page, under the site address `base` (ending in `/`)."""
    return f"{base}{page_url(directive_page(item.directive.id))}#{item.anchor}"


REPORT_FORM = "bao-cao.md"  # the site's report form: one page, filled in from its address
ISSUE_TEMPLATE = "bao-cao.yml"  # .github/ISSUE_TEMPLATE/bao-cao.yml, the reporting issue form


def report_form_link(task_key: str, agency_id: str | None = None) -> str:
    """The report form, filled in for one assignment, or for a task whose agency the clerk then names (relative
    to the site's root)."""
    fields = {"nv": task_key} | ({"dv": agency_id} if agency_id else {})
    # `/` may stand as it is in a query (RFC 3986, 3.4), and the form reads it either way: 8 bytes a link shorter.
    return f"{REPORT_FORM}?{urlencode(fields, safe='/')}"  # a link between Markdown pages: MkDocs makes it relative


def new_file_url(repository: str | None, branch: str) -> str | None:
    """GitHub's (and Gitea's, Forgejo's) page for a new file on `branch`; `filename` and `value` fill it in."""
    return f"{repository}/new/{branch}" if repository else None


def report_issue_url(repository: str | None) -> str | None:
    """A new issue from the reporting issue form; its fields are filled in from the address."""
    return f"{repository}/issues/new?{urlencode({'template': ISSUE_TEMPLATE})}" if repository else None


def report_pulls_url(repository: str | None) -> str | None:
    """The open pull requests that carry reports (labelled as the intake labels them)."""
    return f"{repository}/pulls?{urlencode({'q': 'is:pr is:open label:bao-cao'})}" if repository else None


def repository_url(repo_url: str | None, env: Mapping[str, str]) -> str | None:
    """The configured repository, or the one GitHub Actions is running for."""
    if repo_url:
        return repo_url.rstrip("/")
    if env.get("GITHUB_REPOSITORY"):
        return f"{env.get('GITHUB_SERVER_URL') or 'https://github.com'}/{env['GITHUB_REPOSITORY']}"
    return None


def edit_url(repository: str | None, branch: str, path: str) -> str | None:
    """GitHub's web editor for a file of the repository (it forks for people without write access)."""
    return f"{repository}/edit/{branch}/{path}" if repository else None


def site_url(configured: str | None, env: Mapping[str, str]) -> str | None:
    """The published site: as configured, else the GitHub Pages address of the repository Actions runs for."""
    url = configured or env.get("TRACKER_SITE_URL")
    if not url and env.get("GITHUB_REPOSITORY"):
        owner, _, name = env["GITHUB_REPOSITORY"].partition("/")
        url = f"https://{owner.lower()}.github.io/{name}/"
    if not url:
        return None
    return url if url.endswith("/") else url + "/"
