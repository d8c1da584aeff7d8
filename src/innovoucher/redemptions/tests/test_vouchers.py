"""The voucher a redemption draws on: a yearly quota is used for the subsidy when the application
is filed, follows a resubmission's amount, and is given back when the application ends without
money; a membership right is granted on first need."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.redemptions.services import resubmission, review, steps, submission
from innovoucher.redemptions.tests.intake_support import (
    documents,
    intake_env,
    make_order,
    open_call,
    submit,
    world_for,
)  # noqa: F401
from innovoucher.vouchers.models import Voucher, VoucherUse
from innovoucher.vouchers.services import vouchers_issue_automatic
from testsupport.world import START


def _urumqi_with_quota():
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        vouchers_issue_automatic(actor=None, family="urumqi", year=2026, system=True)
        open_call(w)
    return w, Voucher.objects.get(holder=w.applicant, family_slug="urumqi")


def test_quota_is_used_then_given_back_on_rejection(intake_env):
    w, quota = _urumqi_with_quota()
    with clock.frozen_now(START["urumqi"]):
        r = submit(w, actor=w.provider_user)
        assert (
            r.voucher == quota
            and {c["code"]: c["verdict"] for c in r.check_results}["voucher_validity"] == "pass"
        )
        use = VoucherUse.objects.get(redemption=r)
        assert (use.status, use.amount_fen) == ("used", r.subsidy_fen)
        quota.refresh_from_db()
        assert quota.used_fen == 5_000_000
        review.review_decide(
            actor=w.officials["county"],
            step=steps.pending_step(r),
            action="reject",
            reasons=["不符合条件"],
        )
    use.refresh_from_db()
    quota.refresh_from_db()
    assert use.status == "released" and quota.used_fen == 0


def test_quota_limits_the_subsidy_and_follows_a_resubmission(intake_env):
    w, quota = _urumqi_with_quota()
    with clock.frozen_now(START["urumqi"]):
        first = submit(
            w, make_order(w, amount_fen=16_000_000), actor=w.provider_user
        )  # 80,000 of the 100,000 quota
        second = submit(
            w, make_order(w, amount_fen=10_000_000), actor=w.provider_user
        )  # 50,000 computed, 20,000 left
        assert (first.subsidy_fen, second.subsidy_fen) == (8_000_000, 2_000_000)
        review.review_decide(
            actor=w.officials["county"],
            step=steps.pending_step(first),
            action="reject",
            reasons=["重复申请"],
        )
        second = review.review_decide(
            actor=w.officials["county"],
            step=steps.pending_step(second),
            action="return",
            reasons=["补充报告"],
        )
        second = resubmission.redemption_resubmit(
            actor=w.provider_user, redemption=second, documents=documents("result_report")
        )
    assert second.subsidy_fen == 5_000_000
    assert VoucherUse.objects.get(redemption=second, status="used").amount_fen == 5_000_000
    quota.refresh_from_db()
    assert quota.used_fen == 5_000_000


def test_an_expired_voucher_refuses_the_application(intake_env):
    w, quota = _urumqi_with_quota()
    Voucher.objects.filter(pk=quota.pk).update(valid_until=dt.date(2026, 3, 1))
    with clock.frozen_now(START["urumqi"]), pytest.raises(ValidationFailed) as exc:
        submit(w, actor=w.provider_user)
    assert "已于2026年3月1日到期" in exc.value.message


def test_membership_right_is_granted_on_first_need(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        open_call(w)
        r = submit(w)
    assert r.voucher is not None and r.voucher.mode == "membership" and r.voucher.face_fen is None
    assert VoucherUse.objects.get(redemption=r).amount_fen == r.subsidy_fen
