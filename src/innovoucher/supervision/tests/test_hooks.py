"""The refusal hooks in other apps' services: quote, voucher claim, order with deduction,
redemption submission, provider admission (admission: see test_sanctions)."""

from __future__ import annotations

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import PermissionDenied
from innovoucher.orders.services.ordering import order_accept, order_deliver, order_place
from innovoucher.policies.services import policy_version_for
from innovoucher.redemptions.services.submission import redemption_submit
from innovoucher.registry.fitness import fitness_checks
from innovoucher.supervision import guards
from innovoucher.supervision.services.commitments import commitment_ensure
from innovoucher.supervision.services.sanctions import sanction_impose
from innovoucher.supervision.tests.support import at, controller_graph
from innovoucher.vouchers.quoting import purchase_quote
from innovoucher.vouchers.services.issuance import voucher_claim
from testsupport.world import START, build_world


def test_supervision_answers_the_registry_fitness_hooks():
    """The services below supervision call `registry.fitness`; supervision's `AppConfig.ready`
    registers its guards there (without it no party would ever be refused)."""
    checks = fitness_checks()["supervision"]
    assert checks.banned is guards.refuse_if_banned
    assert checks.unfit is guards.refuse_if_unfit
    assert checks.prepare is commitment_ensure


def delivered_order(world, client, user):
    order = order_place(
        actor=user,
        client=client,
        service=world.service,
        family=world.family,
        subject="材料性能检测",
        contract_amount="100000.00",
    )
    order_accept(actor=world.provider_user, order=order)
    return order_deliver(actor=world.provider_user, order=order)


def _refused(fn, **kw) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as caught:
        fn(**kw)
    assert caught.value.code == "party_banned", caught.value.message
    return caught.value


@pytest.mark.django_db
def test_banned_firm_and_sister_cannot_quote_or_redeem(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        _, sister, sister_user, _ = controller_graph(world)
        own = delivered_order(world, world.applicant, world.applicant_user)
        theirs = delivered_order(world, sister, sister_user)
        sanction_impose(
            actor=world.officials["county"],
            organisation=world.applicant,
            family="urumqi",
            reason="编造合同骗取创新券资金",
        )
        for order, user in ((own, world.applicant_user), (theirs, sister_user)):
            exc = _refused(redemption_submit, actor=user, order=order, documents=None, invoice=None)
            assert "第二十条" in exc.message and "2031年3月1日" in exc.message
        version = policy_version_for(family_slug="urumqi", on=clock.today())
        _refused(
            purchase_quote,
            version=version,
            client=sister,
            provider=world.provider,
            category="rd",
            amount_fen=10_000_000,
            via_platform=True,
            on=clock.today(),
        )


@pytest.mark.django_db
def test_banned_firm_cannot_claim_or_order_with_deduction(seed_policies):
    with at(START["shaoxing"]):
        world = build_world("shaoxing", funded=False)
        voucher = voucher_claim(
            actor=world.applicant_user, holder=world.applicant, family="shaoxing"
        )
        sanction_impose(
            actor=world.officials["county"],
            organisation=world.applicant,
            family="shaoxing",
            reason="虚构服务项目",
            ends_on=START["shaoxing"].replace(year=2027),
        )
        exc = _refused(
            order_place,
            actor=world.applicant_user,
            client=world.applicant,
            service=world.service,
            family="shaoxing",
            subject="检测",
            contract_amount="100000.00",
            voucher=voucher,
        )
        assert "三（二）4、四（三）" in exc.message
        _refused(
            voucher_claim, actor=world.applicant_user, holder=world.applicant, family="shaoxing"
        )
        # without a voucher the firm may still buy services at its own cost
        order_place(
            actor=world.applicant_user,
            client=world.applicant,
            service=world.service,
            family="shaoxing",
            subject="检测",
            contract_amount="100000.00",
        )
