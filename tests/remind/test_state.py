"""What was sent: small per agency, read without trusting it, written so that a killed run leaves the last state."""

from __future__ import annotations

import base64
import json
import os
import zlib

import pytest

from generator.remind import state as store
from generator.remind.state import StateError, decode, load_file, save_file, stages_or_error


def stages(agency: str, count: int, stage: str = "overdue-2") -> dict[str, str]:
    return {f"synth-kh-{n:04d}-2025/{n % 7}.{n % 3}/6-thang@{agency}": stage for n in range(count)}


def test_a_record_round_trips_and_stays_small():
    record = {**stages("synth-so-0042", 300), "x/1@synth-so-0042": "before-7"}
    blob = store.encode(record, "synth-so-0042")
    assert store.decode(blob, "synth-so-0042") == record
    assert len(blob) < 3_000  # 300 assignments, about 15,000 characters as JSON


@pytest.mark.parametrize("blob", ["không-phải-base64", "bm90IHpsaWI=", "eJyLjgUAARUAuQ=="])  # text, not zlib, a list
def test_a_damaged_record_is_a_state_error(blob):
    with pytest.raises(store.StateError):
        store.decode(blob, "a")


def test_each_record_in_an_issue_is_read_alone():
    good = store.markers({("a", "github"): {"t/1@a": "due-today"}, ("a", "email"): {"t/1@a": "before-1"}}, "a")
    body = good.replace(good.split("email ")[1].split(" ")[0], "AAAA")  # the e-mail record damaged
    state: store.State = {}
    warnings: list[str] = []
    store.read_markers(body, "a", {"a", "van-phong"}, state, warnings)
    assert state == {"a": {"github": {"t/1@a": "due-today"}}}  # the GitHub record survives the e-mail one
    assert len(warnings) == 1 and "(email)" in warnings[0]


def test_an_issue_speaks_only_of_its_own_agency_and_the_office():
    body = store.markers({("b", "github"): {"t/1@b": "due-today"}}, "b")
    state: store.State = {}
    store.read_markers(body, "a", {"a", "van-phong"}, state, [])
    assert state == {}  # b's record pasted into a's issue is ignored


def test_the_office_record_is_cut_by_agency():
    parts = store.split_by_agency({"t/1@a": "overdue-3", "t/2@b": "overdue-2", "t/3@a": "overdue-5"})
    assert parts == {"a": {"t/1@a": "overdue-3", "t/3@a": "overdue-5"}, "b": {"t/2@b": "overdue-2"}}


def test_a_state_written_before_2026_12_is_still_read():
    body = "<!-- tracker:state {&#34;email&#34;: {&#34;t/1@a&#34;: &#34;due-today&#34;}, &#34;github&#34;: {}} -->"
    state: store.State = {}
    store.read_markers(body, "a", {"a"}, state, [])
    assert state == {"a": {"email": {"t/1@a": "due-today"}, "github": {}}}


# -- the --state file ---------------------------------------------------------------------------------------


def test_the_file_round_trips(tmp_path):
    path = tmp_path / "state.yaml"
    state = {"a": {"email": {"t/1@a": "before-7"}}, "van-phong": {"email": {"t/2@b": "overdue-3"}}}
    store.save_file(path, state, ("email",))
    assert store.load_file(path, ("email",), []) == state
    assert os.listdir(tmp_path) == ["state.yaml"]  # no temporary file left


def test_a_file_cut_short_keeps_every_whole_line(tmp_path):
    path = tmp_path / "state.yaml"
    store.save_file(path, {"a": {"email": {"t/1@a": "x"}}, "b": {"email": {"t/1@b": "y"}}}, ("email",))
    path.write_text(path.read_text("utf-8")[:-12], "utf-8")  # b's line cut in the middle
    warnings: list[str] = []
    assert store.load_file(path, ("email",), warnings) == {"a": {"email": {"t/1@a": "x"}}}
    assert len(warnings) == 1 and "state.yaml:3" in warnings[0]


def test_a_malformed_value_is_a_warning_for_that_agency_only(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("a:\n  email: [1, 2]\nb:\n  email:\n    t/1@b: before-1\nc: 7\n", "utf-8")
    warnings: list[str] = []
    state = store.load_file(path, ("email",), warnings)
    assert state["b"] == {"email": {"t/1@b": "before-1"}} and "email" not in state.get("a", {})
    assert len(warnings) == 2 and "của a" in warnings[0] and "của c" in warnings[1]


def test_a_run_killed_while_writing_leaves_the_last_state(tmp_path, monkeypatch):
    path = tmp_path / "state.yaml"
    store.save_file(path, {"a": {"email": {"t/1@a": "before-7"}}}, ("email",))
    before = path.read_bytes()

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        store.save_file(path, {"a": {"email": {"t/1@a": "before-1"}}}, ("email",))
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["state.yaml"]


def test_an_unreadable_file_is_a_warning_not_a_crash(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_bytes(b"\xff\xfe not utf-8")
    warnings: list[str] = []
    assert store.load_file(path, ("email",), warnings) == {} and len(warnings) == 1


def blob(value: object) -> str:
    return base64.b64encode(zlib.compress(json.dumps(value).encode("utf-8"))).decode("ascii")


@pytest.mark.parametrize("value", [{"overdue-1": "d/1"}, {"overdue-1": ["d/1", 2]}, ["d/1"]])
def test_a_record_of_the_wrong_shape_is_a_state_error(value):
    with pytest.raises(StateError):
        decode(blob(value), "a")


def test_stages_must_be_text_to_text():
    assert stages_or_error({"d/1@a": "overdue-1"}) == {"d/1@a": "overdue-1"}
    for bad in ({"d/1@a": 1}, {1: "overdue-1"}, ["d/1@a"]):
        with pytest.raises(StateError):
            stages_or_error(bad)


def test_a_file_that_is_a_list_or_has_a_line_that_is_not_one_entry_is_a_warning(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("- a\n- b\n", "utf-8")
    warnings: list[str] = []
    assert load_file(path, ("email",), warnings) == {} and len(warnings) == 2  # each line, as a file cut short
    path.write_text('"a": {"email": {}}\n[1, 2]\n"b": {"email": {"x@b": "due-today"}\n', "utf-8")  # cut short
    warnings = []
    assert load_file(path, ("email",), warnings) == {"a": {"email": {}}}
    assert [w.split(": ")[0] for w in warnings] == [f"{path}:2", f"{path}:3"]


def test_the_file_is_written_where_asked_folders_included(tmp_path):
    path = tmp_path / "a" / "b" / "state.yaml"
    save_file(path, {"x": {"email": {"d/1@x": "overdue-1"}}}, ("email",))
    assert load_file(path, ("email",), []) == {"x": {"email": {"d/1@x": "overdue-1"}}}
