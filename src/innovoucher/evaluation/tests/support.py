"""A Ningxia world with paid redemptions for the evaluation tests, built through the services
(redemption scaffolding from redemptions.tests.publicity_support: an approved review, then the
real reservation and payment batch)."""

from __future__ import annotations

import datetime as dt
import itertools

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.redemptions.tests.publicity_support import (
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import make_user
from testsupport.world import START

_serial = itertools.count(1)
FAMILY = "ningxia"
PROVINCE = "640000"


def pay_all(world, period: str) -> None:
    officer = world.finance["province"]
    batch = ledger.batch_create(
        actor=officer, payer_region=PROVINCE, cadence="per_notice", period=period
    )
    ledger.batch_export(actor=officer, batch=batch)
    ledger.batch_import_results(
        actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
    )
    return batch


def paid_world(subsidies=(5_000_000, 3_000_000)):
    """A Ningxia world whose provider has paid redemptions of these amounts this year."""
    world = world_for(FAMILY)
    with clock.frozen_now(START[FAMILY]):
        for amount in subsidies:
            pass_review(world, redemption_in_review(world, subsidy_fen=amount))
        pay_all(world, "通知-1")
    tick(START[FAMILY] + dt.timedelta(days=1))
    return world


def award_budget(world, amount_fen: int, year: int):
    """An appropriated 服务机构补助 budget of the province for `year`."""
    officer = world.finance["province"]
    budget = ledger.budget_open(
        actor=officer, funder_region=PROVINCE, fiscal_year=year, line="provider_subsidies"
    )
    ledger.budget_appropriate(
        actor=officer,
        budget=budget,
        amount_fen=amount_fen,
        reference=f"奖补预算-{year}-{amount_fen}",
    )
    return budget


def expert(region: str = PROVINCE):
    return make_user(f"expert-{region}-{next(_serial)}", Role.EXPERT, region)
