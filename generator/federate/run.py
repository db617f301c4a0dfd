"""`tracker federate`: read the configuration, roll the provinces up, build the national site, say what happened."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from generator.core.diagnostics import format_all
from generator.federate.build import BuildFailed, build_national
from generator.federate.cache import Store
from generator.federate.config import load_federation
from generator.federate.pages import render_pages
from generator.federate.rollup import Rollup, roll_up


def federate(config_file: Path, out: Path | None, today: date) -> int:
    federation, problems = load_federation(config_file)
    if federation is None:
        print(format_all(problems), file=sys.stderr)
        print("Không tổng hợp: hãy sửa tệp cấu hình.", file=sys.stderr)
        return 1
    rollup = roll_up(federation, today, Store(federation.cache_dir))
    target = out or federation.site_dir
    try:
        build_national(render_pages(rollup, federation.title), federation.title, federation.assets, target)
    except BuildFailed as exc:
        print(f"Dựng trang tổng hợp thất bại: {exc}\nTrang cũ (nếu có) được giữ nguyên.", file=sys.stderr)
        return 1
    print(report(rollup, target))
    return 0


def report(rollup: Rollup, target: Path) -> str:
    lines = []
    for o in rollup.outcomes:
        name = o.province.name
        if o.summary is None:
            lines.append(f"- {name}: không lấy được dữ liệu: {o.problem}; không có bản lưu.")
        elif o.cached_at is not None:
            lines.append(f"- {name}: không lấy được dữ liệu: {o.problem}; dùng bản lưu (tính đến {o.summary.as_of}).")
        else:
            old = " (số liệu cũ)" if o.stale else ""
            lines.append(f"- {name}: {o.summary.rows:,} dòng, tính đến {o.summary.as_of}{old}.")
    shown = len(rollup.shown)
    lines.append(f"Đã dựng trang tổng hợp vào {target} ({shown}/{len(rollup.outcomes)} tỉnh có số liệu).")
    return "\n".join(lines)
