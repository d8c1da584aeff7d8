"""Shared set-up of the supervision tests: a controller graph around the world's firm, and a
redemption driven to paid through the services (as the simulation journeys do)."""

from __future__ import annotations

import datetime as dt

from innovoucher.core import clock
from innovoucher.redemptions.models import PublicityItem
from innovoucher.registry import services as registry
from innovoucher.registry.idnumber import make_id_number
from innovoucher.simulation.journey import Cast, Journey, moment, pay_batch, tick
from testsupport.world import START, build_world, register_party

CONTROLLER_ID = make_id_number("650102", dt.date(1975, 1, 2), 321)


def at(day: dt.date):
    return clock.frozen_now(moment(day))


def controller_graph(world):
    """王五 actually controls the world's firm A and holds 60 % of holding H; H holds 80 % of
    sister firm B (two hops from A through the controller); C is unrelated."""
    county = world.officials["county"]
    firm = world.applicant
    registry.controller_set(
        actor=county,
        organisation=firm,
        holder_type="person",
        holder_name="王五",
        holder_id_number=CONTROLLER_ID,
    )
    holding, _ = register_party(world.county, reviewer=county, name="王氏控股有限公司")
    sister, sister_user = register_party(world.county, reviewer=county, name="王氏姊妹科技有限公司")
    other, _ = register_party(world.county, reviewer=county, name="无关科技有限公司")
    registry.shareholder_add(
        actor=county,
        organisation=holding,
        holder_type="person",
        holder_name="王五",
        holder_id_number=CONTROLLER_ID,
        stake_percent="60",
    )
    registry.shareholder_add(
        actor=county,
        organisation=sister,
        holder_type="organisation",
        holder_name=holding.name,
        holder_uscc=holding.uscc,
        stake_percent="80",
    )
    return holding, sister, sister_user, other


def journey_for(world) -> Journey:
    return Journey(
        Cast(
            family=world.family,
            client=world.applicant,
            client_user=world.applicant_user,
            provider=world.provider,
            provider_user=world.provider_user,
            officials=world.officials,
            finance=world.finance,
        )
    )


def paid_redemption(family: str = "urumqi"):
    """(world, journey, the day after payment) with one paid redemption of the world's firm."""
    with at(START[family]):
        world = build_world(family)
    j = journey_for(world)
    day = START[family]
    with at(day):
        j.obtain_voucher()
        j.place(world.service)
        j.accept()
        if family == "ningxia":
            j.contract()
    day += dt.timedelta(days=14)
    with at(day):
        j.deliver()
        j.settle()
        j.rate()
    day += dt.timedelta(days=1)
    publisher = world.officials["province" if family == "shanxi" else "city"]
    with at(day):
        j.ensure_call(publisher)
        j.apply()
    while j.pending_step() is not None:
        day += dt.timedelta(days=1)
        with at(day):
            j.review_once()
    j.refresh()
    item = PublicityItem.objects.filter(redemption=j.redemption).order_by("-id").first()
    day = (item.publicity.ends_on if item else day) + dt.timedelta(days=1)
    tick(day)
    day += dt.timedelta(days=3)
    for level, officer in world.finance.items():
        region = {"province": world.province, "city": world.city, "county": world.county}[level]
        pay_batch(officer, region, day)
    tick(day + dt.timedelta(days=1))
    j.refresh()
    return world, j, day + dt.timedelta(days=2)
