"""SYNTHETIC data for the benchmark: invented directives, agencies and reports at any size.

Nothing here is real. Every file says so in its first lines and every id starts with `synth-`. The proportions
follow the national-scale target (20,000 tasks, 4,000 directives, 200 agencies) and the real directives: tasks in
numbered sections with a lead and cooperating agencies, some given to groups, a mix of no deadline, one deadline,
several deliverables and periodic reports, and several progress reports per task, some late, some overdue.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator.core.report_files import report_path

TASKS_PER_DIRECTIVE = 5
TASKS_PER_AGENCY = 100
BANNER = "# SYNTHETIC DATA for the benchmark (benchmarks/synth.py): invented, not a real {what}.\n"

SECTORS = [
    "Giáo dục và Đào tạo", "Y tế", "Tài chính", "Nội vụ", "Tư pháp", "Xây dựng", "Công Thương",
    "Nông nghiệp và Môi trường", "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo",
]  # fmt: skip
PLACES = ["Hòa Bình", "An Phú", "Tân Lập", "Phú Thịnh", "Đông Sơn", "Bình Minh", "Thạnh Mỹ", "Quảng Điền", "Ea Kar"]
VERBS = [
    "Chủ trì, phối hợp triển khai", "Tăng cường kiểm tra, giám sát", "Tổ chức tuyên truyền, phổ biến",
    "Rà soát, tổng hợp và báo cáo", "Xây dựng kế hoạch thực hiện", "Hướng dẫn, đôn đốc các địa phương thực hiện",
]  # fmt: skip
OBJECTS = [
    "công tác bảo vệ, chăm sóc trẻ em", "chuyển đổi số trong cơ quan nhà nước", "phòng, chống thiên tai",
    "an toàn thực phẩm", "cải cách thủ tục hành chính", "giảm nghèo bền vững", "phòng cháy, chữa cháy",
    "bảo vệ môi trường nông thôn", "phát triển du lịch cộng đồng", "xây dựng nông thôn mới",
]  # fmt: skip
TAILS = [
    "trên địa bàn tỉnh", "đến từng thôn, làng, tổ dân phố", "theo đúng quy định của pháp luật",
    "bảo đảm tiến độ và chất lượng", "gắn với trách nhiệm người đứng đầu", "báo cáo kết quả về Ủy ban nhân dân tỉnh",
]  # fmt: skip
TYPES = [("Kế hoạch", "KH-UBND"), ("Công văn", "UBND-VX"), ("Chỉ thị", "CT-UBND"), ("Quyết định", "QĐ-UBND")]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def agencies(count: int) -> dict:
    """`count` agencies: departments, district committees and a few others, in groups of about ten."""
    groups = [{"id": "synth-cac-so", "name": "Các sở, ban, ngành (tổng hợp)"}]
    groups += [{"id": "synth-cac-huyen", "name": "Ủy ban nhân dân các huyện, thị xã, thành phố (tổng hợp)"}]
    rows = []
    for n in range(count):
        if n % 3 == 2:
            rows.append(
                {
                    "id": f"synth-ubnd-{n:04d}",
                    "name": f"Ủy ban nhân dân huyện {PLACES[n % len(PLACES)]} {n:04d}",
                    "kind": "district",
                    "groups": [f"synth-cum-{n // 30:03d}"],
                }
            )
        else:
            rows.append(
                {
                    "id": f"synth-so-{n:04d}",
                    "name": f"Sở {SECTORS[n % len(SECTORS)]} số {n:04d}",
                    "short_name": f"Sở {SECTORS[n % len(SECTORS)]}",
                    "kind": "department",
                    "groups": [f"synth-nhom-{n // 15:03d}"],
                }
            )
    for prefix, label in (("nhom", "Nhóm sở, ngành"), ("cum", "Cụm huyện")):
        for g in range(count // 15 + 1):
            groups.append({"id": f"synth-{prefix}-{g:03d}", "name": f"{label} số {g} (tổng hợp)"})
    for row in rows:
        row["github"] = [login(row["id"])]
    return {"maintainers": ["synth-van-phong"], "groups": groups, "agencies": rows}


def login(agency: str) -> str:
    """The invented GitHub account of an agency's clerk, who may report for it."""
    return f"{agency}-can-bo"


def _timing(rng: random.Random, issued: date) -> dict:
    """No deadline (40 %), one (35 %), two deliverables (15 %) or quarterly reports for a year (10 %)."""
    roll = rng.random()
    if roll < 0.40:
        return {}
    if roll < 0.75:
        due = issued + timedelta(days=rng.randint(15, 240))
        return {"deadline": due, "deadline_text": f"trước ngày {due.day} tháng {due.month} năm {due.year}"}
    if roll < 0.90:
        first = issued + timedelta(days=rng.randint(30, 180))
        return {
            "deliverables": [
                {"id": "6-thang", "title": "Báo cáo 6 tháng", "deadline": first},
                {"id": "ca-nam", "title": "Báo cáo cả năm", "deadline": first + timedelta(days=180)},
            ]
        }
    start = date(issued.year, 1, 1)
    return {"recurrence": {"every": "quarter", "day": 20, "start": start, "end": date(issued.year, 12, 31)}}


def directive(rng: random.Random, index: int, agency_ids: list[str], group_ids: list[str], first_year: int) -> dict:
    issued = date(first_year, 1, 1) + timedelta(days=rng.randint(0, 365 * 10 - 1))
    kind, suffix = rng.choice(TYPES)
    topic = rng.choice(OBJECTS)
    sections = []
    for s in range(1, 3):
        lead = rng.choice(agency_ids)
        assignees = [{"agency": lead, "role": "lead"}]
        for other in rng.sample(agency_ids, 1):
            if other != lead:
                assignees.append({"agency": other, "role": "cooperating"})
        if rng.random() < 0.15:
            assignees.append({"agency": rng.choice(group_ids), "role": "cooperating"})
        count = 3 if s == 1 else TASKS_PER_DIRECTIVE - 3
        tasks = []
        for t in range(1, count + 1):
            task = {"id": f"{s}.{t}", "text": _sentence(rng) + " " + _sentence(rng)}
            if rng.random() < 0.1:
                task["key"] = True
            task.update(_timing(rng, issued))
            tasks.append(task)
        sections.append({"number": str(s), "heading": f"{rng.choice(SECTORS)}", "assignees": assignees, "tasks": tasks})
    return {
        "id": f"synth-{index:06d}",
        "number": f"{index}/{suffix}",
        "type": kind,
        "date": issued,
        "place": rng.choice(PLACES),
        "issuer": "Ủy ban nhân dân tỉnh (tổng hợp)",
        "subject": f"Về việc tăng cường {topic}",
        "summary": f"Tăng cường {topic} ({index})",
        "topics": [topic],
        "signer": {"name": "Người ký (tổng hợp)", "capacity": "KT. Chủ tịch, Phó Chủ tịch"},
        "sections": sections,
    }


def _targets(doc: dict, members: dict[str, list[str]]) -> list[tuple[str, list[str], date | None]]:
    """(tracked id, agencies given it, deadline) of each task, deliverable and period; groups expanded."""
    found = []
    for section in doc["sections"]:
        people = [m for a in section["assignees"] for m in members.get(a["agency"], [a["agency"]])]
        for task in section["tasks"]:
            key = f"{doc['id']}/{task['id']}"
            if "deliverables" in task:
                found += [(f"{key}/{d['id']}", people, d["deadline"]) for d in task["deliverables"]]
            elif "recurrence" in task:
                year = task["recurrence"]["start"].year
                found += [(f"{key}/{year}-q{q}", people, date(year, 3 * q, 20)) for q in range(1, 5)]
            else:
                found.append((key, people, task.get("deadline")))
    return found


def reports(rng: random.Random, doc: dict, members: dict[str, list[str]], today: date) -> list[dict]:
    """Per agency given an item: often a progress report, then mostly done (a quarter late), sometimes nothing."""
    written = []
    for key, people, deadline in _targets(doc, members):
        for agency in people:
            if doc["date"] >= today or rng.random() < 0.1:
                continue  # never reported: overdue once its deadline passes
            due = deadline or doc["date"] + timedelta(days=120)
            if rng.random() < 0.3:
                day = min(doc["date"] + timedelta(days=rng.randint(5, 40)), today)
                written.append(_report(key, agency, day, "in_progress"))
            finish = due + timedelta(days=rng.randint(-30, 10) if rng.random() < 0.75 else rng.randint(11, 90))
            if finish <= today and rng.random() < 0.92:
                written.append(_report(key, agency, max(finish, doc["date"]), "done", rng))
    return written


def _report(key: str, agency: str, day: date, status: str, rng: random.Random | None = None) -> dict:
    report = {"task": key, "agency": agency, "date": day, "status": status}
    if rng is None:
        report["note"] = "Đang triển khai thực hiện."
    else:
        report["note"] = "Đã hoàn thành, có báo cáo kèm theo."
        report["evidence"] = [{"document": f"{rng.randint(1, 999)}/BC-{agency[-4:]}", "date": day}]
    return report


def write_dataset(
    root: Path, tasks: int, seed: int = 0, today: date = date(2026, 11, 22), report_files: bool = False
) -> dict[str, int]:
    """Write agencies.yaml, directives/ and tasks.yaml with about `tasks` tasks under `root`.

    With `report_files`, the reports are files of `reports/` instead (one each, as agencies now report), three for
    every reported task."""
    rng = random.Random(seed)
    registry = agencies(max(20, tasks // TASKS_PER_AGENCY))
    agency_ids = [a["id"] for a in registry["agencies"]]
    group_ids = [g["id"] for g in registry["groups"] if g["id"].startswith(("synth-nhom", "synth-cum"))]
    group_ids = [g for g in group_ids if any(g in a["groups"] for a in registry["agencies"])]
    members: dict[str, list[str]] = {}
    for a in registry["agencies"]:
        for g in a["groups"]:
            members.setdefault(g, []).append(a["id"])
    folder = root / "directives"
    folder.mkdir(parents=True, exist_ok=True)
    ledger = []
    count = max(1, tasks // TASKS_PER_DIRECTIVE)
    for index in range(1, count + 1):
        doc = directive(rng, index, agency_ids, group_ids, today.year - 10)
        _dump(folder / f"{doc['id']}.yaml", doc, "directive")
        ledger += reports(rng, doc, members, today)
    _dump(root / "agencies.yaml", registry, "registry")
    ledger.sort(key=lambda r: r["date"])
    if report_files:
        ledger = _write_report_files(root, ledger, rng)
        _dump(root / "tasks.yaml", {"reports": []}, "ledger")
    else:
        _dump(root / "tasks.yaml", {"reports": ledger}, "ledger")
    return {
        "directives": count,
        "tasks": count * TASKS_PER_DIRECTIVE,
        "agencies": len(agency_ids),
        "reports": len(ledger),
    }


def _write_report_files(root: Path, ledger: list[dict], rng: random.Random) -> list[dict]:
    """Three reports for every reported task, each its own file: two in progress, then the task's last report, all
    by the first agency that reported it."""
    last: dict[str, dict] = {}
    for report in ledger:
        last.setdefault(report["task"], report)
        if report["agency"] == last[report["task"]]["agency"]:
            last[report["task"]] = report
    written = []
    for report in last.values():
        for days in (20, 10):
            written.append(
                _report(report["task"], report["agency"], report["date"] - timedelta(days=days), "in_progress")
            )
        written.append(report)
    for n, report in enumerate(written):
        file_stamp = f"{n % 86400 // 3600:02d}{n % 3600 // 60:02d}{n % 60:02d}-{rng.randrange(65536):04x}"
        path = root / report_path(report["task"], report["date"].isoformat(), report["agency"], file_stamp)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = yaml.dump(report, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
        path.write_text(BANNER.format(what="report") + body, encoding="utf-8")
    return written


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # the tracker refuses anchors and aliases, as it should


def _dump(path: Path, data: dict, what: str) -> None:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    path.write_text(BANNER.format(what=what) + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Write SYNTHETIC benchmark data (not real directives).")
    parser.add_argument("root", type=Path, help="folder to write agencies.yaml, directives/ and tasks.yaml into")
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report-files", action="store_true", help="reports as files of reports/, three each")
    args = parser.parse_args()
    print(write_dataset(args.root, args.tasks, args.seed, report_files=args.report_files))


if __name__ == "__main__":
    main()
