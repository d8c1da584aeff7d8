"""Sanctions: the ban from the policy, the spread through the controller graph with the path,
integrity records, region scope, the refusal hooks, a ban ending on its date."""

from __future__ import annotations

import datetime as dt

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.providers.services.admission import admission_apply
from innovoucher.simulation.journey import tick
from innovoucher.supervision.guards import refuse_if_banned
from innovoucher.supervision.models import IntegrityRecord, Sanction
from innovoucher.supervision.selectors import sanction_in_force
from innovoucher.supervision.services.sanctions import sanction_impose, sanction_lift
from innovoucher.supervision.states import SanctionStatus, Scope
from innovoucher.supervision.tests.support import at, controller_graph
from innovoucher.vouchers.services.issuance import voucher_claim
from testsupport import make_user
from testsupport.world import START, build_world

D = dt.date


@pytest.fixture
def urumqi(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        graph = controller_graph(world)
    return world, graph


def _impose(world, org=None, family="urumqi", **kw):
    return sanction_impose(
        actor=world.officials["county"],
        organisation=org or world.applicant,
        family=family,
        reason="虚构服务项目、编造合同骗取创新券资金",
        **kw,
    )


@pytest.mark.django_db
def test_urumqi_ban_spreads_two_hops_through_the_controller_with_the_path(urumqi):
    world, (holding, sister, _, other) = urumqi
    with at(START["urumqi"]):
        made = _impose(world)
    primary = {s.scope: s for s in made if s.derived_from_id is None}
    assert primary[Scope.VOUCHERS].ends_on == D(2031, 3, 1)  # art. 20: five years
    assert primary[Scope.OTHER_SUPPORT].ends_on == D(2029, 3, 1)  # three years
    assert primary[Scope.VOUCHERS].article == "第二十条"
    derived = {(s.organisation_id, s.scope): s for s in made if s.derived_from_id}
    assert set(derived) == {
        (holding.pk, Scope.VOUCHERS),
        (holding.pk, Scope.OTHER_SUPPORT),
        (sister.pk, Scope.VOUCHERS),
        (sister.pk, Scope.OTHER_SUPPORT),
    }, "the unrelated firm is not touched"
    path = derived[(sister.pk, Scope.VOUCHERS)].path
    assert [(h["relation"], h["to"]) for h in path] == [
        ("实际控制人", world.applicant.name),
        ("控股 60.00%", holding.name),
        ("控股 80.00%", sister.name),
    ]
    assert path[0]["from"].startswith("王五")
    assert derived[(sister.pk, Scope.VOUCHERS)].derived_from == primary[Scope.VOUCHERS]
    assert not Sanction.objects.filter(organisation=other).exists()
    assert AuditEvent.objects.filter(action="supervision.sanction.spread").count() == 4
    roles = set(IntegrityRecord.objects.values_list("role", flat=True))
    assert roles == {"法定代表人", "实际控制人"}


@pytest.mark.django_db
def test_banned_and_sister_firm_refused_with_article_and_end_date(urumqi):
    world, (_, sister, sister_user, other) = urumqi
    with at(START["urumqi"]):
        _impose(world)
        for org in (world.applicant, sister):
            with pytest.raises(PermissionDenied) as caught:
                refuse_if_banned(org)
            assert caught.value.code == "party_banned"
            message = caught.value.message
            assert "乌鲁木齐市“红山科技创新券”管理办法" in message and "第二十条" in message
            assert "2031年3月1日" in message
            assert caught.value.details["ends_on"] == "2031-03-01"
        with pytest.raises(PermissionDenied) as caught:
            voucher_claim(actor=sister_user, holder=sister, family="urumqi")
        assert caught.value.code == "party_banned"
        refuse_if_banned(other)  # an unrelated firm goes on


@pytest.mark.django_db
def test_ban_ends_on_its_date_and_the_tick_expires_it(urumqi):
    world, _ = urumqi
    with at(START["urumqi"]):
        made = _impose(world, scopes=[Scope.VOUCHERS])
    firm = world.applicant
    assert sanction_in_force(firm, Scope.VOUCHERS, D(2031, 3, 1)) is not None
    assert sanction_in_force(firm, Scope.VOUCHERS, D(2031, 3, 2)) is None
    with at(D(2031, 3, 1)):
        with pytest.raises(PermissionDenied):
            refuse_if_banned(firm)
    assert dict(tick(D(2031, 3, 1)))["失信惩戒期满解除"] == 0
    results = dict(tick(D(2031, 3, 2)))
    assert results["失信惩戒期满解除"] == 3  # the firm's and its two related entities'
    assert dict(tick(D(2031, 3, 3)))["失信惩戒期满解除"] == 0
    made[0].refresh_from_db()
    assert made[0].status == SanctionStatus.EXPIRED
    assert made[0].changes.get().action == "expire"
    with at(D(2031, 3, 2)):
        refuse_if_banned(firm)


@pytest.mark.django_db
def test_shanxi_bans_three_years_without_spread(seed_policies):
    with at(START["shanxi"]):
        world = build_world("shanxi", funded=False)
        made = _impose(world, family="shanxi")
    assert [(s.scope, s.ends_on, s.article) for s in made] == [
        (Scope.VOUCHERS, D(2029, 3, 1), "第二十五条")
    ]


@pytest.mark.django_db
def test_policy_without_ban_years_needs_an_end_date(seed_policies):
    with at(START["ningxia"]):
        world = build_world("ningxia", funded=False)
        with pytest.raises(ValidationFailed) as caught:
            _impose(world, family="ningxia")
        assert caught.value.code == "no_ban_in_policy"
        made = _impose(world, family="ningxia", ends_on=D(2027, 3, 1))
    assert made[0].ends_on == D(2027, 3, 1)


@pytest.mark.django_db
def test_only_an_official_of_the_party_region_imposes_and_lifts(urumqi):
    world, _ = urumqi
    with at(START["urumqi"]):
        stranger = make_user("county-elsewhere", Role.COUNTY_REVIEWER, "650104")
        with pytest.raises(PermissionDenied):
            sanction_impose(
                actor=stranger, organisation=world.applicant, family="urumqi", reason="x"
            )
        with pytest.raises(PermissionDenied):
            sanction_impose(
                actor=world.applicant_user,
                organisation=world.applicant,
                family="urumqi",
                reason="x",
            )
        with pytest.raises(ValidationFailed) as caught:
            _impose(world, scopes=["everything"])
        assert caught.value.code == "sanction_invalid"
        made = _impose(world, scopes=[Scope.VOUCHERS])
        with pytest.raises(Conflict) as caught:
            _impose(world, scopes=[Scope.VOUCHERS])
        assert caught.value.code == "sanction_exists"
        with pytest.raises(PermissionDenied):
            sanction_lift(actor=stranger, sanction=made[0], reasons=["复核撤销"])
        with pytest.raises(ValidationFailed) as caught:
            sanction_lift(actor=world.officials["county"], sanction=made[0], reasons=[])
        assert caught.value.code == "reasons_required"
        sanction_lift(actor=world.officials["county"], sanction=made[0], reasons=["复核撤销"])
        refuse_if_banned(world.applicant)
        assert AuditEvent.objects.filter(action="supervision.sanction.lift").count() == 1


@pytest.mark.django_db
def test_banned_provider_refused_admission(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        sanction_impose(
            actor=world.officials["county"],
            organisation=world.provider,
            family="urumqi",
            reason="出具虚假服务报告",
        )
        with pytest.raises(PermissionDenied) as caught:
            admission_apply(actor=world.provider_user, organisation=world.provider, family="urumqi")
    assert caught.value.code == "party_banned" and "服务机构入库" in caught.value.message
