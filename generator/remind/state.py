"""What was sent, kept where it fits and read without trusting it.

The unit is a record: for one digest (an agency, or the Office) and one channel (`email`, `github`), the stage
each assignment was last reminded at. On GitHub the records live in the agency's own reminder issue, cut by
the assignment's agency: agency X's issue holds X's records and the part of the Office's records that is about
X's work. So each issue's state grows with that agency's work only, never with the province's, and stays far
under GitHub's 65,536-character body limit; each record is a hidden marker of its own, compressed.

Anything unreadable (a marker edited by hand, a file cut short) counts as "not sent" for that record only,
with a warning: a reminder sent twice is better than a run that crashes every morning.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import os
import re
import tempfile
import zlib
from pathlib import Path

import yaml

Stages = dict[str, str]  # assignment key (`item@agency`) -> the stage last reminded
State = dict[str, dict[str, Stages]]  # digest key -> channel -> stages

MARKER = re.compile(r"<!-- tracker:state ([a-z0-9-]+) ([a-z]+) ([A-Za-z0-9+/=]*) -->")
_OLD_MARKER = re.compile(r"<!-- tracker:state (.*?) -->", re.S)  # before 2026-12: the record as escaped JSON
FILE_HEADER = "# Nhắc việc đã gửi (tracker remind): mỗi dòng một đơn vị: kênh -> nhiệm vụ@đơn vị -> mốc đã nhắc.\n"


class StateError(ValueError):
    """A record that cannot be read."""


def agency_of(assignment: str) -> str:
    return assignment.rpartition("@")[2]


def stages_or_error(value: object) -> Stages:
    """The record as read from YAML or JSON, or StateError when it is not a mapping of text to text."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise StateError("không phải bảng nhiệm vụ -> mốc")
    return dict(value)


# -- in an issue: one marker per record ------------------------------------------------------------------


def encode(stages: Stages, agency: str) -> str:
    """The record for one agency's assignments: assignments grouped by stage, `@agency` dropped, compressed."""
    by_stage: dict[str, list[str]] = {}
    for key, stage in sorted(stages.items()):
        by_stage.setdefault(stage, []).append(key.removesuffix(f"@{agency}"))
    raw = json.dumps(by_stage, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode(blob: str, agency: str) -> Stages:
    try:
        by_stage = json.loads(zlib.decompress(base64.b64decode(blob, validate=True)).decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise StateError(f"không giải mã được ({exc})") from None
    if not isinstance(by_stage, dict) or not all(
        isinstance(s, str) and isinstance(keys, list) and all(isinstance(k, str) for k in keys)
        for s, keys in by_stage.items()
    ):
        raise StateError("không phải bảng mốc -> nhiệm vụ")
    return {f"{key}@{agency}": stage for stage, keys in by_stage.items() for key in keys}


def split_by_agency(stages: Stages) -> dict[str, Stages]:
    """A record over many agencies (the Office's) cut into each agency's part, in one pass."""
    parts: dict[str, Stages] = {}
    for key, stage in stages.items():
        parts.setdefault(agency_of(key), {})[key] = stage
    return parts


def markers(records: dict[tuple[str, str], Stages], agency: str) -> str:
    """The hidden markers of agency `agency`'s issue: one per (digest, channel) record, holding only the
    assignments of `agency`."""
    lines = []
    for (digest, channel), stages in records.items():
        lines.append(f"<!-- tracker:state {digest} {channel} {encode(stages, agency)} -->")
    return "\n".join(lines)


def read_markers(body: str, agency: str, digests: set[str], into: State, warnings: list[str]) -> None:
    """Add to `into` the records found in agency `agency`'s issue body; an unreadable one is a warning."""
    for digest, channel, blob in MARKER.findall(body):
        if digest not in digests:
            continue  # a record may only speak of this agency's own work
        try:
            record = decode(blob, agency)
        except StateError as exc:
            warnings.append(
                f"trạng thái đã gửi của {digest} ({channel}) trong issue của {agency} {exc}: coi như chưa gửi"
            )
            continue
        into.setdefault(digest, {}).setdefault(channel, {}).update(record)
    old = _OLD_MARKER.search(body)
    if old and not MARKER.search(body):
        _read_old(old.group(1), agency, into, warnings)


def _read_old(text: str, agency: str, into: State, warnings: list[str]) -> None:
    try:
        record = json.loads(html.unescape(text))
        channels = {c: stages_or_error(s) for c, s in record.items()}
    except (ValueError, AttributeError, StateError):
        warnings.append(f"trạng thái cũ trong issue của {agency} không đọc được: coi như chưa gửi")
        return
    for channel, stages in channels.items():
        into.setdefault(agency, {}).setdefault(channel, {}).update(stages)


# -- in a file (`--state`): one line per digest, written atomically ----------------------------------------


def load_file(path: Path, channels: tuple[str, ...], warnings: list[str]) -> State:
    """The records of `channels` in the state file; a missing file is an empty state, a damaged line a warning."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(f"không đọc được tệp trạng thái {path} ({exc}): coi như chưa gửi gì")
        return {}
    try:
        whole = yaml.safe_load(text)
        entries = list(whole.items()) if isinstance(whole, dict) else None
        if whole is not None and entries is None:
            raise yaml.YAMLError("không phải một bảng")
    except yaml.YAMLError:
        entries = _lines(text, path, warnings)  # a file cut short: keep every line that is whole
    state: State = {}
    for digest, record in entries or []:
        for channel in channels:
            try:
                value = record.get(channel, {}) if isinstance(record, dict) else None
                state.setdefault(str(digest), {})[channel] = stages_or_error(value)
            except StateError as exc:
                warnings.append(f"trạng thái đã gửi của {digest} ({channel}) trong {path} {exc}: coi như chưa gửi")
    return state


def _lines(text: str, path: Path, warnings: list[str]) -> list[tuple[object, object]]:
    entries: list[tuple[object, object]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            value = yaml.safe_load(line)
            if not isinstance(value, dict) or len(value) != 1:
                raise yaml.YAMLError("không phải một dòng `đơn vị: {...}`")
            entries.extend(value.items())
        except yaml.YAMLError:
            warnings.append(f"{path}:{number}: dòng trạng thái hỏng (tệp bị cắt?): đơn vị đó coi như chưa gửi")
    return entries


def save_file(path: Path, state: State, channels: tuple[str, ...]) -> None:
    """Write the state in full to a temporary file beside `path`, then put it in place in one step, so a run
    killed while writing leaves the previous state, never half of one."""
    lines = [FILE_HEADER]
    for digest in sorted(state):
        record = {c: dict(sorted(state[digest].get(c, {}).items())) for c in channels}
        lines.append(f"{json.dumps(digest)}: {json.dumps(record, ensure_ascii=False, sort_keys=True)}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("".join(lines))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
