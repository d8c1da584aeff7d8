"""Calls and windows: who publishes, which policies need them, refusals outside a window."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.redemptions.services import calls
from innovoucher.redemptions.tests.intake_support import intake_env, open_call, submit, world_for  # noqa: F401
from testsupport.world import START


def test_the_body_of_the_policys_level_publishes(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        for outsider in (w.officials["city"], w.officials["county"], w.applicant_user):
            with pytest.raises(PermissionDenied):
                calls.call_publish(
                    actor=outsider,
                    family="shanxi",
                    title="通知",
                    opens_on="2026-03-02",
                    closes_on="2026-03-31",
                )
        call = calls.call_publish(
            actor=w.officials["province"],
            family="shanxi",
            title="2026年第一批兑付通知",
            opens_on="2026-03-02",
            closes_on="2026-03-31",
        )
    assert (
        call.region_code == "140000"
        and call.number == "SHANXI-DF-2026-01"
        and call.fiscal_year == 2026
    )
    u = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        assert (
            calls.call_publish(
                actor=u.officials["city"],
                family="urumqi",
                title="兑现申请工作通知",
                opens_on="2026-03-02",
                closes_on="2026-03-20",
            ).region_code
            == "650100"
        )


def test_continuous_policies_need_no_call(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]), pytest.raises(ValidationFailed) as exc:
        calls.call_publish(
            actor=w.officials["province"],
            family="ningxia",
            title="通知",
            opens_on="2026-03-02",
            closes_on="2026-03-31",
        )
    assert exc.value.code == "call_not_needed" and "常年受理" in exc.value.message


def test_dates_are_checked_and_windows_never_overlap(intake_env):
    w = world_for("shanxi")
    p = w.officials["province"]
    with clock.frozen_now(START["shanxi"]):
        with pytest.raises(ValidationFailed) as exc:
            calls.call_publish(
                actor=p, family="shanxi", title="", opens_on="2026-03-20", closes_on="2026-03-10"
            )
        assert set(exc.value.details["fields"]) == {"title", "closes_on"}
        with pytest.raises(ValidationFailed) as exc:
            calls.call_publish(
                actor=p,
                family="shanxi",
                title="过去的通知",
                opens_on="2026-02-01",
                closes_on="2026-03-10",
            )
        assert "opens_on" in exc.value.details["fields"]
        first = calls.call_publish(
            actor=p, family="shanxi", title="第一批", opens_on="2026-03-02", closes_on="2026-03-31"
        )
        with pytest.raises(Conflict) as exc:
            calls.call_publish(
                actor=p,
                family="shanxi",
                title="第二批",
                opens_on="2026-03-31",
                closes_on="2026-04-30",
            )
        assert exc.value.code == "call_overlap" and "第一批" in exc.value.message
        second = calls.call_publish(
            actor=p, family="shanxi", title="第二批", opens_on="2026-05-01", closes_on="2026-05-31"
        )
    assert calls.call_open_for("shanxi", "140105", dt.date(2026, 3, 31)) == first
    assert calls.call_open_for("shanxi", "140105", dt.date(2026, 4, 15)) is None
    assert calls.call_next_for("shanxi", "140105", dt.date(2026, 4, 15)) == second
    assert calls.call_open_for("shanxi", "330602", dt.date(2026, 3, 10)) is None  # another province


def test_outside_a_window_the_application_is_refused_with_the_next_dates(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        with pytest.raises(ValidationFailed) as exc:
            submit(w)
        assert "尚未发布下一期兑付通知" in exc.value.message
        open_call(w, opens_on=dt.date(2026, 4, 1), days=29)
        with pytest.raises(ValidationFailed) as exc:
            submit(w)
        assert "2026年4月1日至2026年4月30日" in exc.value.message
        line = next(c for c in exc.value.details["checks"] if c["code"] == "window")
        assert line["evidence"] == {"next_opens_on": "2026-04-01", "next_closes_on": "2026-04-30"}
    with clock.frozen_now(dt.date(2026, 4, 2)):
        r = submit(w)
    assert r.call is not None and r.call.opens_on == dt.date(2026, 4, 1)


def test_liaocheng_monthly_payment_needs_no_call(intake_env):
    """Art. 17 "创新券每月兑付一次": applications are taken at any time and paid in monthly batches;
    no call window is published (and publishing one is refused as not needed)."""
    w = world_for("liaocheng")
    assert calls.month_window(dt.date(2025, 3, 3)) == (dt.date(2025, 3, 3), dt.date(2025, 3, 31))
    assert calls.month_window(dt.date(2024, 2, 10)) == (dt.date(2024, 2, 10), dt.date(2024, 2, 29))
    with clock.frozen_now(START["liaocheng"]):
        r = submit(w)
        assert r.call is None
        opens, closes = calls.month_window(clock.today())
        with pytest.raises(ValidationFailed) as exc:
            calls.call_publish(
                actor=w.officials["city"],
                family="liaocheng",
                title="2025年3月创新券兑付",
                opens_on=opens,
                closes_on=closes,
            )
        assert exc.value.code == "call_not_needed"
