"""The GitHub fake held to GitHub's documented behaviour (https://docs.github.com/en/rest/issues), one limit per
test, so that the reminder tests that pass against it would pass against GitHub; and the client within it."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request

import pytest
from github_fake import BODY_LIMIT, REPOSITORY, TOKEN, FakeGitHub, serving

from generator.remind.channels import ChannelError
from generator.remind.github import GitHub

ISSUES = f"/repos/{REPOSITORY}/issues"


@pytest.fixture
def github():
    with serving() as server:
        yield server


def call(server: FakeGitHub, method: str, path: str, body: dict | None = None, token: str = TOKEN):
    """One raw request: (status, payload, headers)."""
    request = urllib.request.Request(
        server.url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), dict(exc.headers)


def client(server: FakeGitHub) -> GitHub:
    return GitHub(server.url, REPOSITORY, TOKEN, pause=0.01)


# -- the fake, as GitHub documents it -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["issue", "update", "comment"])
def test_a_body_over_65536_characters_is_refused_with_githubs_422(github, where):
    issue = github.add_issue("t", "")
    path = {"issue": ISSUES, "update": f"{ISSUES}/{issue['number']}", "comment": f"{ISSUES}/{issue['number']}/comments"}
    method = "PATCH" if where == "update" else "POST"
    code, payload, _ = call(github, method, path[where], {"title": "t", "body": "đ" * (BODY_LIMIT + 1)})
    assert code == 422 and payload["message"] == "Validation Failed"
    (error,) = payload["errors"]
    assert error["field"] == "body" and error["message"] == "body is too long (maximum is 65536 characters)"
    assert error["resource"] == ("IssueComment" if where == "comment" else "Issue")
    assert call(github, method, path[where], {"title": "t", "body": "đ" * BODY_LIMIT})[0] in (200, 201)


def test_the_listing_shows_open_issues_unless_asked(github):
    github.add_issue("mở", "", ("a",))
    github.add_issue("đóng", "", ("a",), state="closed")
    titles = {
        q: [i["title"] for i in call(github, "GET", f"{ISSUES}{q}")[1]] for q in ("", "?state=closed", "?state=all")
    }
    assert titles == {"": ["mở"], "?state=closed": ["đóng"], "?state=all": ["đóng", "mở"]}
    assert call(github, "GET", f"{ISSUES}?state=lost")[0] == 422


def test_labels_filter_keeps_issues_with_every_label_named(github):
    github.add_issue("a", "", ("nhac-viec",))
    github.add_issue("a+b", "", ("nhac-viec", "khac"))
    github.add_issue("none", "")
    titles = lambda q: [i["title"] for i in call(github, "GET", f"{ISSUES}?{q}")[1]]  # noqa: E731
    assert titles("labels=nhac-viec") == ["a+b", "a"] and titles("labels=nhac-viec,khac") == ["a+b"]
    assert len(titles("")) == 3


def test_the_listing_includes_pull_requests_as_github_does(github):
    github.add_issue("issue", "")
    github.add_pull_request("pr", "")
    listed = call(github, "GET", ISSUES)[1]
    assert [("pull_request" in i, i["title"]) for i in listed] == [(True, "pr"), (False, "issue")]


def test_pages_of_per_page_items_with_a_link_header(github):
    for n in range(5):
        github.add_issue(f"#{n + 1}", "")
    code, first, headers = call(github, "GET", f"{ISSUES}?per_page=2")
    assert code == 200 and [i["number"] for i in first] == [5, 4]
    link = headers["Link"]
    assert "page=2" in link and 'rel="next"' in link and 'page=3>; rel="last"' in link
    _, last, headers = call(github, "GET", f"{ISSUES}?per_page=2&page=3")
    assert [i["number"] for i in last] == [1] and 'rel="next"' not in headers["Link"]
    assert 'page=2>; rel="prev"' in headers["Link"]
    for _ in range(130):
        github.add_issue("x", "")
    assert len(call(github, "GET", ISSUES)[1]) == 30  # GitHub's default page
    assert len(call(github, "GET", f"{ISSUES}?per_page=500")[1]) == 100  # and its largest


def test_a_missing_or_wrong_token_is_401(github):
    code, payload, _ = call(github, "GET", ISSUES, token="sai")
    assert code == 401 and payload["message"] == "Bad credentials"


def test_an_unknown_repository_or_issue_is_404(github):
    assert call(github, "GET", "/repos/ubnd/khac/issues")[0] == 404
    assert call(github, "PATCH", f"{ISSUES}/99", {"state": "closed"})[0] == 404
    assert call(github, "POST", f"{ISSUES}/99/comments", {"body": "x"})[0] == 404


@pytest.mark.parametrize("code", [403, 429])
def test_a_rate_limit_says_when_to_come_back_and_means_it(github, code):
    github.rate_limit(requests=1, retry_after=60, code=code)
    status, _, headers = call(github, "GET", ISSUES)
    assert status == code and headers["retry-after"] == "60" and headers["x-ratelimit-remaining"] == "0"
    assert call(github, "GET", ISSUES)[0] == code  # too soon: still refused


def test_a_write_can_be_performed_and_its_answer_lost(github):
    github.lose["create-issue"] = 1
    with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)):
        call(github, "POST", ISSUES, {"title": "t", "body": "b"})
    assert [i["title"] for i in github.issues()] == ["t"]


def test_a_read_only_token_may_list_but_not_write(github):
    github.read_only = True
    assert call(github, "GET", ISSUES)[0] == 200
    code, payload, _ = call(github, "POST", ISSUES, {"title": "t", "body": "b"})
    assert code == 403 and payload["message"] == "Resource not accessible by integration" and github.items == {}


def test_down_is_502(github):
    github.down = True
    assert call(github, "GET", ISSUES)[0] == 502


# -- the client within those limits ---------------------------------------------------------------------------


def test_the_client_lists_every_page_open_and_closed_without_pull_requests(github):
    for n in range(105):
        github.add_issue(f"#{n}", "", ("nhac-viec",), state="closed" if n % 2 else "open")
    github.add_pull_request("pr", "", ("nhac-viec",))
    listed = client(github).reminder_issues()
    assert len(listed) == 105 and all("pull_request" not in i for i in listed)


def test_the_client_waits_what_retry_after_asks(github):
    github.rate_limit(requests=1, retry_after=1)
    assert client(github).reminder_issues() == []
    assert len(github.requests) == 2  # a retry before the second had passed would have been refused again


def test_the_client_refuses_a_long_body_before_sending(github):
    with pytest.raises(ChannelError, match="quá giới hạn 65,536"):
        client(github).create_issue("t", "x" * (BODY_LIMIT + 1), "m")
    assert github.requests == []


def test_the_client_finds_the_issue_whose_answer_was_lost(github):
    github.lose["create-issue"] = 1
    made = client(github).create_issue("t", "<!-- m -->", "<!-- m -->")
    assert made["number"] == 1 and len(github.issues()) == 1


def test_the_client_finds_the_comment_whose_answer_was_lost(github):
    issue = github.add_issue("t", "")
    github.lose["comment"] = 1
    client(github).comment(issue["number"], "nhắc")
    assert [c["body"] for c in github.comments[issue["number"]]] == ["nhắc"]


def test_a_lost_update_is_simply_sent_again(github):
    issue = github.add_issue("t", "cũ")
    github.lose["update-issue"] = 1
    client(github).update_issue(issue["number"], body="mới")
    assert issue["body"] == "mới" and len(github.writes()) == 2


# -- what the client makes of GitHub's refusals, in-process ---------------------------------------------------


def refusal(code: int, headers: dict[str, str], body: bytes = b'{"message": "Not Found"}') -> Exception:
    import io
    from email.message import Message

    from generator.remind.github import _refusal

    message = Message()
    for name, value in headers.items():
        message[name] = value
    error = urllib.error.HTTPError("https://api.example/x", code, "reason", message, io.BytesIO(body))
    return _refusal(error, "GET", "/x")


def test_a_rate_limit_is_retried_after_what_github_says_and_a_refusal_is_said():
    from generator.remind.github import _Transient

    for code, headers in [(429, {}), (403, {"retry-after": "7"}), (403, {"x-ratelimit-remaining": "0"})]:
        found = refusal(code, headers)
        assert isinstance(found, _Transient) and str(found) == f"{code} giới hạn tần suất"
    assert refusal(429, {"Retry-After": "7"}).wait == 7 and refusal(429, {"retry-after": "-3"}).wait == 0
    assert refusal(429, {}).wait == 60 and refusal(429, {"retry-after": "soon"}).wait == 60
    assert isinstance(refusal(502, {}), _Transient) and str(refusal(503, {})) == "503 reason"
    forbidden = refusal(403, {"x-ratelimit-remaining": "5"}, b'{"message": "Forbidden"}')
    assert isinstance(forbidden, ChannelError) and str(forbidden) == "GitHub trả lời 403 cho GET /x: Forbidden"
    assert str(refusal(401, {}, b'{"message": "Bad credentials"}')) == (
        "GitHub trả lời 401 cho GET /x: mã truy cập (GITHUB_TOKEN) bị từ chối; Bad credentials"
    )
    assert str(refusal(404, {})) == "GitHub trả lời 404 cho GET /x: không tìm thấy kho hoặc issue; Not Found"
    assert str(refusal(422, {}, b"not json")) == "GitHub trả lời 422 cho GET /x: not json"
    assert isinstance(refusal(500, {}), _Transient) and not isinstance(refusal(499, {}), _Transient)
    long = str(refusal(422, {}, b"x" * 400))
    assert long == "GitHub trả lời 422 cho GET /x: " + "x" * 300  # GitHub's words, cut to 300 characters


# -- the client's attempts, its pauses recorded rather than slept ----------------------------------------------


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    import time
    from types import SimpleNamespace

    from generator.remind import github as client_module

    slept: list[float] = []
    monkeypatch.setattr(client_module, "time", SimpleNamespace(sleep=slept.append, time=time.time))
    return slept


def test_a_github_that_is_down_is_tried_three_times_with_growing_pauses(github, pauses):
    github.down = True
    with pytest.raises(
        ChannelError, match=r"^không gọi được GitHub \(GET /repos/ubnd/theo-doi/issues\?labels"
    ) as error:
        GitHub(github.url, REPOSITORY, TOKEN).reminder_issues()  # the defaults, as `from_env` makes it
    assert error.value.transient and str(error.value).endswith(": 502 Bad Gateway")
    assert len(github.requests) == 3 and pauses == [0.5, 1.0]


def test_a_wait_longer_than_a_minute_fails_the_call_at_once(github, pauses):
    github.rate_limit(requests=1, retry_after=61)
    with pytest.raises(ChannelError, match="phải chờ 61 giây, quá 60 giây cho phép") as error:
        GitHub(github.url, REPOSITORY, TOKEN).reminder_issues()
    assert error.value.transient and len(github.requests) == 1 and pauses == []


def test_a_write_that_went_through_makes_one_request_and_no_search(github):
    made = client(github).create_issue("t", "<!-- m -->", "<!-- m -->")
    client(github).comment(made["number"], "nhắc")
    assert [m for m, _p, _q in github.requests] == ["POST", "POST"]


def test_the_lost_write_found_again_is_the_one_with_the_marker_or_the_same_text(github):
    other = github.add_issue("khác", "<!-- tracker:reminder khac -->", ("nhac-viec",))
    github.comments[other["number"]].append({"id": 1, "body": "một nhắc khác"})
    github.lose["create-issue"] = 1
    made = client(github).create_issue("t", "<!-- m -->", "<!-- m -->")
    assert made["number"] == 2 and made["body"] == "<!-- m -->" and len(github.issues()) == 2
    github.lose["comment"] = 1
    client(github).comment(other["number"], "nhắc")
    assert [c["body"] for c in github.comments[other["number"]]] == ["một nhắc khác", "nhắc"]


def test_a_write_refused_for_now_is_made_after_looking_for_it(github, pauses):
    other = github.add_issue("khác", "<!-- tracker:reminder khac -->", ("nhac-viec",))
    github.comments[other["number"]].append({"id": 1, "body": "một nhắc khác"})
    github.rate_limit(requests=1, retry_after=0)  # refused, so not made: other issues and comments are not it
    made = client(github).create_issue("t", "<!-- m -->", "<!-- m -->")
    assert made["body"] == "<!-- m -->" and len(github.issues()) == 2
    github.rate_limit(requests=1, retry_after=0)
    client(github).comment(other["number"], "nhắc")
    assert [c["body"] for c in github.comments[other["number"]]] == ["một nhắc khác", "nhắc"]
    assert [m for m, _p, _q in github.requests] == ["POST", "GET", "POST", "POST", "GET", "POST"]
    assert pauses == [0, 0]


def test_the_client_refuses_a_long_update_before_sending_and_sends_one_that_fits(github):
    issue = github.add_issue("t", "cũ")
    with pytest.raises(ChannelError, match="quá giới hạn 65,536"):
        client(github).update_issue(issue["number"], body="x" * (BODY_LIMIT + 1))
    assert github.requests == []
    client(github).update_issue(issue["number"], body="x" * BODY_LIMIT)
    client(github).update_issue(issue["number"], state="closed")  # no body to measure
    assert issue["body"] == "x" * BODY_LIMIT and issue["state"] == "closed"


def test_without_retry_after_the_wait_is_until_the_limit_resets(monkeypatch):
    from types import SimpleNamespace

    from generator.remind import github as client_module

    monkeypatch.setattr(client_module, "time", SimpleNamespace(time=lambda: 1_700_000_000.0))
    limited = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000030"}
    assert refusal(403, limited).wait == 30 and refusal(429, {"x-ratelimit-reset": "1699999990"}).wait == 0
    assert refusal(429, {**limited, "retry-after": "5"}).wait == 5  # retry-after, when given, is what counts


def test_a_wait_of_exactly_a_minute_is_waited(github, pauses):
    github.rate_limit(requests=1, retry_after=60)  # and every request before that time is refused again
    with pytest.raises(ChannelError, match=r"^không gọi được GitHub \(GET .*\): 429 giới hạn tần suất$"):
        GitHub(github.url, REPOSITORY, TOKEN).reminder_issues()
    assert pauses == [60, 60] and len(github.requests) == 3


def test_answers_lost_every_time_are_said_as_the_connection_said_it(github, pauses):
    issue = github.add_issue("t", "cũ")
    github.lose["update-issue"] = 3
    with pytest.raises(ChannelError) as lost:
        client(github).update_issue(issue["number"], body="mới")
    assert str(lost.value) == (
        f"không gọi được GitHub (PATCH /repos/{REPOSITORY}/issues/{issue['number']}): "
        "Remote end closed connection without response"
    )
