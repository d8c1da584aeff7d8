"""Credit commitments (Shaoxing 四（三）): signed once per version with the policy's text, cited by
a later sanction; a policy without the rule refuses; the page signs and lists."""

from __future__ import annotations

import pytest
from django.test import Client

from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.providers.services.admission import admission_apply
from innovoucher.registry.models import OrganisationKind
from innovoucher.supervision.guards import refuse_if_unfit
from innovoucher.supervision.models import CreditCommitment
from innovoucher.supervision.services.commitments import commitment_sign
from innovoucher.supervision.services.sanctions import sanction_impose
from innovoucher.supervision.tests.support import at
from innovoucher.vouchers.services.issuance import voucher_claim
from testsupport.world import START, build_world, register_party


@pytest.fixture
def shaoxing(seed_policies):
    with at(START["shaoxing"]):
        return build_world("shaoxing", funded=False)


def _unsigned(world, **kw):
    """A newly registered party that has not signed anything yet."""
    return register_party(world.county, reviewer=world.officials["county"], commit=False, **kw)


@pytest.mark.django_db
def test_sign_once_and_the_sanction_cites_it(shaoxing):
    world = shaoxing
    with at(START["shaoxing"]):
        firm, firm_user = _unsigned(world)
        world.applicant, world.applicant_user = firm, firm_user
        signed = commitment_sign(
            actor=world.applicant_user, organisation=world.applicant, family="shaoxing"
        )
        assert signed.article == "四（三）" and "谁承诺，谁负责" in signed.text
        assert signed.signed_on == START["shaoxing"]
        with pytest.raises(Conflict) as caught:
            commitment_sign(
                actor=world.applicant_user, organisation=world.applicant, family="shaoxing"
            )
        assert caught.value.code == "commitment_exists"
        with pytest.raises(PermissionDenied):
            commitment_sign(
                actor=world.provider_user, organisation=world.applicant, family="shaoxing"
            )
        made = sanction_impose(
            actor=world.officials["county"],
            organisation=world.applicant,
            family="shaoxing",
            reason="虚构服务项目",
            ends_on=START["shaoxing"].replace(year=2028),
        )
        assert made[0].commitment == signed
        page = Client()
        page.force_login(world.officials["county"])
        html = page.get(f"/supervision/sanctions/{made[0].pk}/").content.decode()
        assert "违反的信用承诺" in html and "谁承诺，谁负责" in html
    assert AuditEvent.objects.filter(
        action="supervision.commitment.sign", object_id=str(signed.pk)
    ).exists()


@pytest.mark.django_db
def test_unsigned_parties_are_refused_with_the_article_until_they_sign(shaoxing):
    world = shaoxing
    with at(START["shaoxing"]):
        firm, firm_user = _unsigned(world)
        with pytest.raises(PermissionDenied) as caught:
            voucher_claim(actor=firm_user, holder=firm, family="shaoxing")
        assert caught.value.code == "commitment_missing"
        assert "四（三）" in caught.value.message and "信用承诺" in caught.value.message
        commitment_sign(actor=firm_user, organisation=firm, family="shaoxing")
        assert voucher_claim(actor=firm_user, holder=firm, family="shaoxing").holder == firm
        provider, provider_user = _unsigned(
            world, kind=OrganisationKind.PROVIDER, provider_kind="university"
        )
        with pytest.raises(PermissionDenied) as caught:
            admission_apply(actor=provider_user, organisation=provider, family="shaoxing")
        assert caught.value.code == "commitment_missing"
        commitment_sign(actor=provider_user, organisation=provider, family="shaoxing")
        assert (
            admission_apply(actor=provider_user, organisation=provider, family="shaoxing").status
            == "admitted"
        )


@pytest.mark.django_db
def test_a_policy_without_the_rule_asks_for_no_commitment(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        firm, firm_user = register_party(
            world.county, reviewer=world.officials["county"], commit=False
        )
        refuse_if_unfit(firm, "urumqi")  # nothing to sign under Urumqi
        with pytest.raises(PermissionDenied):
            refuse_if_unfit(firm, "shaoxing")
    assert not CreditCommitment.objects.filter(organisation=firm).exists()


@pytest.mark.django_db
def test_policy_without_commitment_refuses(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        with pytest.raises(ValidationFailed) as caught:
            commitment_sign(
                actor=world.applicant_user, organisation=world.applicant, family="urumqi"
            )
    assert caught.value.code == "no_commitment_in_policy"


@pytest.mark.django_db
def test_party_signs_on_the_page(shaoxing):
    world = shaoxing
    with at(START["shaoxing"]):
        world.provider, world.provider_user = _unsigned(
            world, kind=OrganisationKind.PROVIDER, provider_kind="university"
        )
    c = Client()
    c.force_login(world.provider_user)
    with at(START["shaoxing"]):
        home = c.get("/").content.decode()
        assert 'href="/supervision/commitments/"' in home
        page = c.get("/supervision/commitments/").content.decode()
        assert "签署信用承诺" in page and world.provider.name in page
        r = c.post(
            "/supervision/commitments/sign/",
            {"organisation": world.provider.pk, "family": "shaoxing"},
        )
        assert r.status_code == 302
        assert "已签署" in c.get("/supervision/commitments/").content.decode()
        r = c.post(
            "/supervision/commitments/sign/",
            {"organisation": world.applicant.pk, "family": "shaoxing"},
        )
        assert r.status_code == 422, "not the provider's staff's organisation"
