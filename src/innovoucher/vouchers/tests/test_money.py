"""A voucher's money moves through VoucherUse rows and conditional updates; every state × action
pair of the transition table is allowed or refused as the table says."""

import datetime as dt
import itertools

import pytest

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.orders.models import Order
from innovoucher.vouchers import services, tick
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.states import AFTER_END, HOLDER, SYSTEM, TRANSITIONS, VoucherStatus
from testsupport.world import START

_n = itertools.count(1)


def order_for(w, amount_fen=100_000_00):
    return Order.objects.create(
        number=f"T{next(_n)}",
        client=w.applicant,
        provider=w.provider,
        service=w.service,
        family_slug=w.family,
        category="testing",
        subject="测试",
        region_code=w.applicant.region_code,
        contract_amount_fen=amount_fen,
        placed_at=clock.now(),
    )


@pytest.fixture
def shaoxing(make_world):
    w = make_world("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        w.voucher = services.voucher_claim(
            actor=w.applicant_user, holder=w.applicant, family="shaoxing"
        )
        yield w


def amounts(v):
    v.refresh_from_db()
    return v.status, v.reserved_fen, v.used_fen


def test_reserve_then_use_at_settlement(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    order = order_for(w)
    use = services.voucher_reserve_for_order(
        actor=w.applicant_user, voucher=v, order=order, amount_fen=50_000_00
    )
    assert amounts(v) == ("reserved", 50_000_00, 0)
    assert (
        services.voucher_reserve_for_order(
            actor=w.applicant_user, voucher=v, order=order, amount_fen=50_000_00
        ).pk
        == use.pk
    )
    services.voucher_use(actor=w.applicant_user, voucher=v, order=order, amount_fen=40_000_00)
    assert amounts(v) == ("issued", 0, 40_000_00)  # money is left on the yearly voucher
    use.refresh_from_db()
    assert (use.status, use.amount_fen) == ("used", 40_000_00)


def test_never_overdrawn(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    services.voucher_reserve_for_order(
        actor=None, voucher=v, order=order_for(w), amount_fen=150_000_00
    )
    with pytest.raises(Conflict) as exc:
        services.voucher_reserve_for_order(
            actor=None, voucher=v, order=order_for(w), amount_fen=60_000_00
        )
    assert exc.value.code == Code.VOUCHER_INSUFFICIENT
    assert amounts(v) == ("reserved", 150_000_00, 0)


def test_release_gives_the_hold_back(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    order = order_for(w)
    services.voucher_reserve_for_order(actor=None, voucher=v, order=order, amount_fen=10_000_00)
    services.voucher_release_for_order(actor=None, voucher=v, order=order)
    assert amounts(v) == ("issued", 0, 0)
    assert VoucherUse.objects.get(order=order).status == "released"
    assert services.voucher_release_for_order(actor=None, voucher=v, order=order) is None


def test_redemption_use_unuse_and_redeem(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    order = order_for(w)
    services.voucher_use(actor=None, voucher=v, order=order, amount_fen=200_000_00)
    assert amounts(v) == ("used", 0, 200_000_00)
    services.voucher_unuse(actor=None, voucher=v, order=order)
    assert amounts(v) == ("issued", 0, 0)
    use = services.voucher_use(actor=None, voucher=v, order=order, amount_fen=200_000_00)
    assert (
        services.voucher_use(actor=None, voucher=v, order=order, amount_fen=200_000_00).pk == use.pk
    )
    services.voucher_mark_redeemed(actor=None, voucher=v, order=order)
    assert amounts(v) == ("redeemed", 0, 200_000_00)
    assert services.voucher_mark_redeemed(actor=None, voucher=v, order=order).status == "redeemed"


def test_return_needs_nothing_held_and_revoke_releases_holds(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    order = order_for(w)
    services.voucher_reserve_for_order(actor=None, voucher=v, order=order, amount_fen=10_000_00)
    with pytest.raises(Conflict):
        services.voucher_return(actor=w.applicant_user, voucher=v)
    with pytest.raises(PermissionDenied):
        services.voucher_revoke(actor=w.applicant_user, voucher=v, reasons=["x"])
    with pytest.raises(ValidationFailed) as exc:
        services.voucher_revoke(actor=w.officials["county"], voucher=v, reasons=[])
    assert exc.value.code == CoreCode.REASONS_REQUIRED
    services.voucher_revoke(actor=w.officials["county"], voucher=v, reasons=["虚假使用"])
    assert amounts(v) == ("revoked", 0, 0)
    assert VoucherUse.objects.get(order=order).status == "released"
    assert v.reasons == ["虚假使用"]


def test_expiry_by_tick_is_idempotent(shaoxing):
    w, v = shaoxing, shaoxing.voucher
    Voucher.objects.filter(pk=v.pk).update(valid_until=START["shaoxing"] - dt.timedelta(days=1))
    assert tick.expire(clock.now()) == 1
    assert tick.expire(clock.now()) == 0
    assert amounts(v)[0] == "expired"
    with pytest.raises(Conflict):
        services.voucher_reserve_for_order(actor=None, voucher=v, order=order_for(w), amount_fen=1)


def test_membership_right_has_no_limit_but_cannot_be_held(make_world):
    w = make_world("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        v = services.voucher_grant_membership(
            actor=None, holder=w.applicant, family="liaocheng", system=True
        )
        with pytest.raises(ValidationFailed):
            services.voucher_reserve_for_order(
                actor=None, voucher=v, order=order_for(w), amount_fen=1
            )
        services.voucher_use(actor=None, voucher=v, order=order_for(w), amount_fen=900_000_00)
    assert amounts(v) == ("issued", 0, 900_000_00)


@pytest.mark.parametrize("status", list(VoucherStatus.values))
def test_every_status_and_action_of_the_table(shaoxing, status):
    w, v = shaoxing, shaoxing.voucher
    for action, t in TRANSITIONS.items():
        Voucher.objects.filter(pk=v.pk).update(status=status, reserved_fen=0, used_fen=0)
        v.refresh_from_db()
        call = dict(
            actor=w.applicant_user if t.by == HOLDER else w.officials["county"],
            voucher=v,
            action=action,
            by=t.by,
            reasons=["理由"],
        )
        if status in t.sources or status in AFTER_END.get(action, ()):
            result = services.apply_transition(**call)
            if not t.derived:
                assert result.status == t.target, (status, action)
            elif status in ("issued", "reserved", "used", "redeemed"):
                assert result.status == "issued", (
                    status,
                    action,
                )  # nothing held or used: the amounts say issued
            else:
                assert result.status == status, (
                    status,
                    action,
                )  # an ended voucher keeps its final status
        else:
            with pytest.raises(Conflict) as exc:
                services.apply_transition(**call)
            assert exc.value.code == CoreCode.INVALID_TRANSITION, (status, action)
        wrong = HOLDER if t.by != HOLDER else SYSTEM
        with pytest.raises(PermissionDenied):
            services.apply_transition(**{**call, "by": wrong})
