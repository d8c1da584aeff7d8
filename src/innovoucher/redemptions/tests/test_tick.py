"""The redemption steps of `innovoucher tick`: close publicity, issue 批复, reserve and follow the
ledger. Running tick twice changes nothing more."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from innovoucher.core import clock
from innovoucher.core.models import AuditEvent
from innovoucher.ledger.models import Claim, Transfer
from innovoucher.notifications.models import Notification
from innovoucher.redemptions.models import (
    Approval,
    Publicity,
    PublicityItem,
    Redemption,
    RedemptionChange,
)
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from innovoucher.redemptions.tick import TICK_STEPS
from testsupport.world import START

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(
            Redemption.objects.order_by("id").values_list(
                "status", "approval_id", "claim_reference"
            )
        ),
        list(PublicityItem.objects.order_by("id").values_list("status", flat=True)),
        list(Publicity.objects.order_by("id").values_list("status", flat=True)),
        Approval.objects.count(),
        Claim.objects.count(),
        Transfer.objects.count(),
        RedemptionChange.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.exclude(action__startswith="core.").count(),
    )


def test_steps_are_declared_in_order():
    assert [order for order, _, _ in TICK_STEPS] == sorted(order for order, _, _ in TICK_STEPS)
    assert all(callable(fn) for _, _, fn in TICK_STEPS)


def test_nothing_happens_before_the_period_is_over_and_tick_twice_changes_nothing_more():
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        rs = [
            pass_review(world, redemption_in_review(world, subsidy_fen=fen))
            for fen in (1_000_000, 2_000_000)
        ]
    publicity = Publicity.objects.get()
    assert sum(tick(publicity.ends_on).values()) == 0, "届满 counts the last day"
    after = publicity.ends_on + dt.timedelta(days=1)
    first = tick(after)
    assert first["兑付公示期满处理"] == 3 and first["兑付批复下达与资金预留"] == 1
    state = _snapshot()
    assert sum(tick(after).values()) == 0 and _snapshot() == state
    for r in rs:
        r.refresh_from_db()
        assert r.status == S.PAYABLE and r.approval.number == "乌科券批〔2026〕1号"
    assert list(rs[0].changes.values_list("action", flat=True)) == [
        "to_publicity",
        "publicity_pass",
        "reserve",
    ]


def test_the_tick_command_runs_the_steps():
    world = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        r = pass_review(world, redemption_in_review(world))
    end = r.publicity_items.get().publicity.ends_on
    out = io.StringIO()
    call_command("tick", now=(end + dt.timedelta(days=1)).isoformat(), stdout=out)
    text = out.getvalue()
    assert (
        "兑付公示期满处理：2" in text
        and "兑付批复下达与资金预留：1" in text
        and "兑付审核逾期提示" in text
    )
    r.refresh_from_db()
    assert r.status == S.PAYABLE
    again = io.StringIO()
    call_command("tick", now=(end + dt.timedelta(days=1)).isoformat(), stdout=again)
    assert (
        "兑付公示期满处理：0" in again.getvalue()
        and "兑付资金状态同步（排队、拨付）：0" in again.getvalue()
    )
