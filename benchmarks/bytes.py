"""Where a built site's bytes go: per kind of page, Material's shell against the generated content.

    python -m benchmarks.bytes SITE_DIR

Kinds: agency pages (co-quan/<id>/), directive pages (van-ban/<id>/), periodic reports (bao-cao-dinh-ky/), the
other summary pages, and the rest (data files, assets). Within a page: the shell outside the article (header, the
primary navigation, the table of contents, the footer, scripts and the head), and inside the article the tables'
rows, the links naming agencies, inline SVG and the rest of the content. The parts overlap (a link to an agency is
inside a table row); each is a share of the page, not a term of a sum.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from generator.core.status import Category

PARTS = {
    "head": re.compile(r"<head>.*?</head>", re.S),
    "header": re.compile(r"<header.*?</header>", re.S),
    "tabs": re.compile(r'<nav class="md-tabs".*?</nav>', re.S),
    # The sidebars, from where each starts to where the next part starts (their navs nest).
    # (A page that hides its table of contents has no secondary sidebar: the tracker leaves it out.)
    "nav": re.compile(
        r'<div class="md-sidebar md-sidebar--primary".*?(?=<div class="md-sidebar md-sidebar--secondary"'
        r'|<div class="md-content")',
        re.S,
    ),
    "toc": re.compile(r'<div class="md-sidebar md-sidebar--secondary".*?(?=<div class="md-content")', re.S),
    "footer": re.compile(r"<footer.*?</footer>", re.S),
    "scripts": re.compile(r"<script.*?</script>", re.S),
}
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
CONTENT = {
    "table rows": re.compile(r"<tr>.*?(?=<tr>|</tbody>|</table>)", re.S),  # a row ends where the next begins
    "agency links": re.compile(r'<a href="[^"]*co-quan/[^"]*">[^<]*</a>'),
    "inline SVG": re.compile(r"<svg.*?</svg>", re.S),
    "report actions": re.compile(r'<a href="[^"]*bao-cao/\?nv=[^"]*">[^<]*</a>'),
    "badges": re.compile(rf'<span class="tk-(?:{"|".join(c.value for c in Category)})"[^>]*>[^<]*</span>'),
}


def kind(path: str) -> str:
    if not path.endswith(".html"):
        return "data and assets"
    if path.startswith("co-quan/") and path != "co-quan/index.html":
        return "agency pages"
    if path.startswith("van-ban/") and path != "van-ban/index.html":
        return "directive pages"
    if path.startswith("bao-cao-dinh-ky/"):
        return "periodic reports"
    return "summary pages"


def breakdown(site: Path) -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in site.rglob("*"):
        if not f.is_file():
            continue
        k = kind(str(f.relative_to(site)))
        t = totals[k]
        t["files"] += 1
        t["bytes"] += f.stat().st_size
        if k == "data and assets":
            continue
        html = f.read_text("utf-8")
        t["largest"] = max(t["largest"], len(html.encode()))
        for name, rx in PARTS.items():
            t["shell: " + name] += sum(len(m.group(0).encode()) for m in rx.finditer(html))
        article = ARTICLE.search(html)
        body = article.group(1) if article else ""
        t["article"] += len(body.encode())
        for name, rx in CONTENT.items():
            t["article: " + name] += sum(len(m.group(0).encode()) for m in rx.finditer(body))
        t["article: rows (count)"] += len(CONTENT["table rows"].findall(body))
    return totals


def main() -> None:
    site = Path(sys.argv[1])
    totals = breakdown(site)
    everything = sum(t["bytes"] for t in totals.values())
    print(f"site {everything / 2**20:.1f} MiB")
    for k, t in sorted(totals.items(), key=lambda kv: -kv[1]["bytes"]):
        print(f"\n## {k}: {t['files']:,} files, {t['bytes'] / 2**20:.1f} MiB ({100 * t['bytes'] / everything:.0f} %)")
        if "largest" in t:
            print(f"  largest {t['largest'] / 1024:,.0f} KiB; average {t['bytes'] / t['files'] / 1024:,.1f} KiB")
        for name, n in t.items():
            if name in ("files", "bytes", "largest"):
                continue
            if name.endswith("(count)"):
                print(f"  {name:<28}{n:>12,}")
            else:
                print(f"  {name:<28}{n / 2**20:>9.2f} MiB {100 * n / t['bytes']:>5.1f} %")


if __name__ == "__main__":
    main()
