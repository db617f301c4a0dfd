"""What both reminder channels share: the error they report, the time budget of a run, the breaker."""

from __future__ import annotations

import time

import pytest

from generator.remind.channels import Breaker, Budget, ChannelError, Refused


def test_an_error_is_not_transient_unless_said_and_a_refusal_is_one_of_them():
    assert ChannelError("x").transient is False and ChannelError("x", transient=True).transient is True
    assert str(Refused("mọi người nhận")) == "mọi người nhận" and isinstance(Refused("r"), ChannelError)


def test_the_next_operation_gets_its_own_limit_or_what_is_left_of_the_budget():
    # `started` set in the past: what is left is known to within the time this test takes, far under a second.
    assert Budget(60).timeout(5) == 5
    left = Budget(10, started=time.monotonic() - 9.5).timeout(5)
    assert 0 < left <= 0.5  # half a second left: an operation may still start, with that as its timeout


def test_a_spent_budget_refuses_the_next_operation_as_a_transient_error():
    with pytest.raises(ChannelError, match=r"hết thời gian dành cho kênh này \(10 giây\)") as caught:
        Budget(10, started=time.monotonic() - 10.5).timeout(5)
    assert caught.value.transient is True
    assert Budget(10, started=time.monotonic() - 10.5).left() < 0


def test_the_breaker_opens_at_three_failures_in_a_row_and_a_success_closes_it():
    breaker = Breaker()
    breaker.failed()
    breaker.failed()
    assert not breaker.open
    breaker.check("gửi thư")  # still closed: no error
    breaker.failed()
    assert breaker.open
    with pytest.raises(ChannelError, match=r"^đã dừng gửi thư sau 3 lần lỗi liên tiếp$"):
        breaker.check("gửi thư")
    breaker.succeeded()
    assert not breaker.open and breaker.failures == 0
