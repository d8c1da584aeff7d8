"""Issuing vouchers by the route of each seed policy, through the services."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.vouchers import services, tick
from innovoucher.vouchers.codes import Code
from innovoucher.vouchers.models import Voucher, VoucherChange
from testsupport.world import START, register_party


def at(family, days=0):
    return clock.frozen_now(START[family] + dt.timedelta(days=days))


def test_shaoxing_claim_gives_the_yearly_cap_with_article_and_assumption(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
    assert (v.face_fen, v.mode, v.status, v.fiscal_year, v.valid_until) == (
        200_000_00,
        "application",
        "issued",
        2026,
        None,
    )
    assert "三（一）1" in v.article
    assert any("假设" in row["step"] for row in v.trace)
    assert v.policy_version.code == "shaoxing-2022"
    assert VoucherChange.objects.get(voucher=v).action == "issue"
    assert Notification.objects.filter(
        recipient=w.applicant_user, key=f"voucher:{v.pk}:issued"
    ).exists()


def test_claim_once_per_year_and_again_next_year(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        with pytest.raises(Conflict) as exc:
            services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        assert exc.value.code == Code.ALREADY_CLAIMED
    with clock.frozen_now(dt.date(2027, 1, 4)):
        services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
    assert list(
        Voucher.objects.filter(holder=w.applicant)
        .values_list("fiscal_year", flat=True)
        .order_by("fiscal_year")
    ) == [2026, 2027]


def test_returned_claim_can_be_claimed_again(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        services.voucher_return(actor=w.applicant_user, voucher=v)
        again = services.voucher_claim(
            actor=w.applicant_user, holder=w.applicant, family="shaoxing"
        )
    assert again.pk != v.pk and again.status == "issued"


def test_shanxi_claim_enterprise_cap(make_world):
    w = make_world("shanxi")
    with at("shanxi"):
        v = services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shanxi")
    assert v.face_fen == 500_000_00 and "第二十一条" in v.article


def test_claim_refusals_say_what_is_wrong(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        with pytest.raises(PermissionDenied):
            services.voucher_claim(actor=w.provider_user, holder=w.applicant, family="shaoxing")
        with pytest.raises(ValidationFailed) as exc:
            outsider, user = register_party("140105", reviewer=None)
            outsider.status = "approved"
            outsider.save()
            services.voucher_claim(actor=user, holder=outsider, family="shaoxing")
        assert exc.value.code == Code.HOLDER_OUT_OF_REGION
        with pytest.raises(ValidationFailed) as exc:
            services.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="urumqi")
        assert exc.value.code == Code.NOT_CLAIMABLE


def test_claim_needs_a_verified_holder(make_world):
    make_world("shaoxing")
    with at("shaoxing"):
        org, user = register_party("330602")
        with pytest.raises(ValidationFailed) as exc:
            services.voucher_claim(actor=user, holder=org, family="shaoxing")
        assert exc.value.code == Code.HOLDER_NOT_VERIFIED


def test_urumqi_automatic_quota_once_per_year(make_world):
    w = make_world("urumqi")
    with at("urumqi"):
        assert (
            services.vouchers_issue_automatic(actor=w.officials["city"], family="urumqi", year=2026)
            == 1
        )
        assert (
            services.vouchers_issue_automatic(actor=w.officials["city"], family="urumqi", year=2026)
            == 0
        )
        assert tick.issue_automatic(clock.now()) == 0
    v = Voucher.objects.get(holder=w.applicant)
    assert (v.mode, v.face_fen, v.fiscal_year) == (
        "automatic",
        100_000_00,
        2026,
    ) and "第十四条" in v.article


def test_urumqi_automatic_by_tick_and_only_for_officials_of_the_region(make_world):
    w = make_world("urumqi")
    with at("urumqi"):
        with pytest.raises(PermissionDenied):
            services.vouchers_issue_automatic(
                actor=w.officials["county"], family="urumqi", year=2026
            )
        with pytest.raises(PermissionDenied):
            services.vouchers_issue_automatic(actor=w.applicant_user, family="urumqi", year=2026)
        assert tick.issue_automatic(clock.now()) == 1
        assert tick.issue_automatic(clock.now()) == 0
        with pytest.raises(ValidationFailed) as exc:
            services.vouchers_issue_automatic(actor=None, family="shaoxing", year=2026, system=True)
        assert exc.value.code == Code.NOT_AUTOMATIC


def test_liaocheng_membership_is_a_right_without_face(make_world):
    w = make_world("liaocheng")
    with at("liaocheng"):
        v = services.voucher_grant_membership(
            actor=w.applicant_user, holder=w.applicant, family="liaocheng"
        )
        again = services.voucher_grant_membership(
            actor=None, holder=w.applicant, family="liaocheng", system=True
        )
        assert tick.grant_membership(clock.now()) == 0
    assert (
        v.pk == again.pk and v.face_fen is None and v.mode == "membership" and v.valid_until is None
    )
    assert v.remaining_fen is None


def test_liaocheng_membership_by_tick_and_not_after_the_policy_lapsed(make_world):
    w = make_world("liaocheng")
    with at("liaocheng"):
        assert tick.grant_membership(clock.now()) == 1
    with clock.frozen_now(dt.date(2026, 3, 2)):
        assert tick.grant_membership(clock.now()) == 0  # lapsed on 2026-01-25: no version in force
        with pytest.raises(ValidationFailed) as exc:
            services.voucher_grant_membership(
                actor=w.applicant_user, holder=w.applicant, family="liaocheng"
            )
        assert exc.value.code == CoreCode.NO_VERSION_IN_FORCE
    assert Voucher.objects.filter(holder=w.applicant).count() == 1
