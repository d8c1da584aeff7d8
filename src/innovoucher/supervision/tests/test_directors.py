"""Directors (董事) in the controller graph (Urumqi art. 20 last paragraph): a ban spreads from a
firm through its director two hops to a company the director's holding controls, with the path as
evidence, and ends on its date."""

from __future__ import annotations

import datetime as dt

import pytest

from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.registry import services as registry
from innovoucher.registry.idnumber import make_id_number
from innovoucher.registry.services.directors import director_add, director_remove
from innovoucher.simulation.journey import tick
from innovoucher.supervision.guards import refuse_if_banned
from innovoucher.supervision.models import Sanction
from innovoucher.supervision.selectors import controlled_entities
from innovoucher.supervision.services.sanctions import sanction_impose
from innovoucher.supervision.states import SanctionStatus, Scope
from innovoucher.supervision.tests.support import at
from testsupport.world import START, build_world, register_party

D = dt.date
DIRECTOR_ID = make_id_number("650102", D(1979, 8, 9), 457)


@pytest.fixture
def graph(seed_policies):
    """赵六 is a director of the world's firm and holds 70 % of 赵氏投资; 赵氏投资 holds 90 % of
    赵氏科技 (two hops from the firm through its director)."""
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        county = world.officials["county"]
        director_add(
            actor=world.applicant_user,
            organisation=world.applicant,
            name="赵六",
            id_number=DIRECTOR_ID,
            title="董事",
        )
        holding, _ = register_party(world.county, reviewer=county, name="赵氏投资有限公司")
        target, _ = register_party(world.county, reviewer=county, name="赵氏科技有限公司")
        registry.shareholder_add(
            actor=county,
            organisation=holding,
            holder_type="person",
            holder_name="赵六",
            holder_id_number=DIRECTOR_ID,
            stake_percent="70",
        )
        registry.shareholder_add(
            actor=county,
            organisation=target,
            holder_type="organisation",
            holder_name=holding.name,
            holder_uscc=holding.uscc,
            stake_percent="90",
        )
    return world, holding, target


@pytest.mark.django_db
def test_a_director_records_once_and_only_by_the_party_or_its_reviewer(graph):
    world, holding, _ = graph
    with at(START["urumqi"]):
        with pytest.raises(ValidationFailed):
            director_add(
                actor=world.applicant_user,
                organisation=world.applicant,
                name="赵六",
                id_number=DIRECTOR_ID,
            )
        with pytest.raises(ValidationFailed) as caught:
            director_add(
                actor=world.applicant_user,
                organisation=world.applicant,
                name="钱七",
                id_number="123",
            )
        assert "holder_id_number" in caught.value.details["fields"]
        with pytest.raises(PermissionDenied):
            director_add(
                actor=world.provider_user,
                organisation=world.applicant,
                name="孙八",
                id_number=make_id_number("650102", D(1981, 1, 1), 11),
            )


@pytest.mark.django_db
def test_ban_spreads_two_hops_through_a_director_and_ends_on_its_date(graph):
    world, holding, target = graph
    found = dict((o.pk, path) for o, path in controlled_entities(world.applicant))
    assert [(h["relation"], h["to"]) for h in found[target.pk]] == [
        ("董事", world.applicant.name),
        ("控股 70.00%", holding.name),
        ("控股 90.00%", target.name),
    ]
    assert found[target.pk][0]["from"].startswith("赵六")
    with at(START["urumqi"]):
        made = sanction_impose(
            actor=world.officials["county"],
            organisation=world.applicant,
            family="urumqi",
            reason="虚构服务项目骗取创新券资金",
            scopes=[Scope.VOUCHERS],
        )
        derived = Sanction.objects.get(organisation=target, scope=Scope.VOUCHERS)
        assert derived.derived_from == made[0] and len(derived.path) == 3
        with pytest.raises(PermissionDenied) as caught:
            refuse_if_banned(target)
        assert "董事" in caught.value.message and "2031年3月1日" in caught.value.message
    with at(D(2031, 3, 1)):
        with pytest.raises(PermissionDenied):
            refuse_if_banned(target)
    tick(D(2031, 3, 2))
    derived.refresh_from_db()
    assert derived.status == SanctionStatus.EXPIRED
    with at(D(2031, 3, 2)):
        refuse_if_banned(target)


@pytest.mark.django_db
def test_removing_the_director_removes_the_spread(graph):
    world, _, target = graph
    director = world.applicant.directors.get()
    with at(START["urumqi"]):
        director_remove(actor=world.applicant_user, director=director)
    assert target.pk not in {o.pk for o, _ in controlled_entities(world.applicant)}
