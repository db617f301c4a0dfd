"""`federation.yaml`: which provinces to read, where, and how patiently; read with a located message for every
mistake (the same loader and messages as the data files)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.core.diagnostics import Diagnostic, relative
from generator.core.fields import Fields, join
from generator.core.yamlio import load_file
from generator.core.yvalues import YMap, YStr, YValue

TOP_KEYS = (
    "title",
    "provinces",
    "stale_after_days",
    "timeout_seconds",
    "max_bytes",
    "overdue_per_province",
    "cache_dir",
    "site_dir",
    "assets",
)
PROVINCE_KEYS = ("id", "name", "url")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Province:
    id: str  # stable ASCII id: the name of its page and of its cached copy
    name: str
    url: str  # the province site's address, ending in `/`; its data is at `<url>data/tasks.json`

    @property
    def data_url(self) -> str:
        return self.url + "data/tasks.json"


@dataclass(frozen=True)
class Federation:
    title: str
    provinces: tuple[Province, ...]
    stale_after_days: int  # figures older than this many days are flagged
    timeout_seconds: int
    max_bytes: int
    overdue_per_province: int  # the national pages list at most this many overdue items per province
    cache_dir: Path
    site_dir: Path
    assets: Path | None  # the project's docs/assets (stylesheet and script), copied into the national site


def load_federation(path: Path) -> tuple[Federation | None, list[Diagnostic]]:
    name = relative(path, Path.cwd())
    value, problems = load_file(path, name)
    if problems:
        return None, problems
    fields = Fields(name)
    top = fields.mapping(value, "", TOP_KEYS, "tệp cấu hình tổng hợp")
    if top is None:
        return None, fields.diagnostics
    base = path.resolve().parent
    provinces = fields.each(top, "provinces", "", lambda v, p: _province(fields, v, p), required=True)
    _unique(fields, top, provinces)
    federation = Federation(
        title=fields.text(top, "title", "") or "Theo dõi nhiệm vụ toàn quốc",
        provinces=provinces,
        stale_after_days=_number(fields, top, "stale_after_days", 7, 0, 3650),
        timeout_seconds=_number(fields, top, "timeout_seconds", 30, 1, 600),
        max_bytes=_number(fields, top, "max_bytes", 512, 1, 4096) * MiB,
        overdue_per_province=_number(fields, top, "overdue_per_province", 50, 1, 10_000),
        cache_dir=base / (fields.text(top, "cache_dir", "") or ".federate-cache"),
        site_dir=base / (fields.text(top, "site_dir", "") or "site"),
        assets=_assets(fields, top, base),
    )
    return (None if fields.diagnostics else federation), fields.diagnostics


def _province(fields: Fields, value: YValue | None, path: str) -> Province | None:
    m = fields.mapping(value, path, PROVINCE_KEYS, "tỉnh")
    if m is None:
        return None
    ident, name, url = fields.ident(m, "id", path), fields.text(m, "name", path, True), fields.url(m, "url", path)
    if url is None and "url" not in m:
        fields.missing(m, "url", path)
    if url is not None and (urlsplit(url).query or urlsplit(url).fragment):
        fields.error(
            m["url"], join(path, "url"), "S010", f"Địa chỉ `{url}` phải là địa chỉ gốc của trang, không có `?` hay `#`."
        )
        url = None
    if ident is None or name is None or url is None:
        return None
    return Province(ident, name, url if url.endswith("/") else url + "/")


def _unique(fields: Fields, top: YMap, provinces: tuple[Province, ...]) -> None:
    seen: set[str] = set()
    for index, province in enumerate(provinces):
        if province.id in seen:
            fields.error(top["provinces"], f"provinces[{index}].id", "R002", f"Mã tỉnh `{province.id}` bị lặp.")
        seen.add(province.id)


def _number(fields: Fields, top: YMap, key: str, default: int, low: int, high: int) -> int:
    if key not in top:
        return default
    number = fields.integer(top, key, "", low, high)
    return default if number is None else number


def _assets(fields: Fields, top: YMap, base: Path) -> Path | None:
    configured = fields.text(top, "assets", "")
    folder = base / (configured or "docs/assets")
    if configured and not folder.is_dir():
        where = top["assets"] if isinstance(top.get("assets"), YStr) else top
        fields.error(where, join("", "assets"), "Y000", f"Không có thư mục `{configured}` (tìm ở {folder}).")
        return None
    return folder if folder.is_dir() else None
