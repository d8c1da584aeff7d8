"""Benchmark of the statistics queries (run with `make bench`; not part of `make test`; numbers are
compared across commits, never asserted). Each selector aggregates in the database, so its time
should grow with the number of groups shown, not with the number of rows behind them.

Data: one Ningxia world built through the services, then ROWS redemptions (with their orders and
review steps) copied from a scaffolded one with `bulk_create` across counties and categories.
"""

from __future__ import annotations

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.orders.models import Order
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.stats import selectors
from testsupport.world import START

ROWS = 3000
COUNTIES = ["640104", "640105", "640106", "640121", "640122", "640181"]
CATEGORIES = ["testing", "rd", "design", "pilot", "data", "consulting"]
STATUSES = ["paid", "payable", "in_review", "rejected"]
DAY = START["ningxia"] + dt.timedelta(days=10)


@pytest.fixture
def volume(db, seed_policies):
    from innovoucher.redemptions.tests.publicity_support import redemption_in_review, world_for
    from innovoucher.workdays.services import calendar_seed_chinesecalendar

    calendar_seed_chinesecalendar(years=[2026])
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        model = redemption_in_review(world, subsidy_fen=1_000_000)
    order = model.order
    orders = Order.objects.bulk_create(
        [
            Order(
                **{
                    **_fields(order),
                    "number": f"BENCH{i:07d}",
                    "region_code": COUNTIES[i % 6],
                    "category": CATEGORIES[i % 6],
                }
            )
            for i in range(ROWS)
        ]
    )
    rows = Redemption.objects.bulk_create(
        [
            Redemption(
                **{
                    **_fields(model),
                    "number": f"RDB{i:07d}",
                    "order_id": o.pk,
                    "region_code": o.region_code,
                    "category": o.category,
                    "status": STATUSES[i % 4],
                    "subsidy_fen": 100_000 + i,
                }
            )
            for i, o in enumerate(orders)
        ]
    )
    step = model.steps.first()
    ReviewStep.objects.bulk_create(
        [ReviewStep(**{**_fields(step), "redemption_id": r.pk}) for r in rows]
    )
    return world


def _fields(obj) -> dict:
    skip = {"id", "claim_reference"}
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in skip
    }


@pytest.mark.parametrize(
    "name",
    ["voucher_funnel", "amounts_by_category", "amounts_by_provider", "processing_times"],
)
def test_bench_stats_selector(benchmark, volume, name):
    f = selectors.Filters(region="640000", year=DAY.year)
    rows = benchmark(lambda: getattr(selectors, name)(f))
    assert rows


def test_bench_public_statistics(benchmark, volume):
    result = benchmark(lambda: selectors.public_statistics(year=DAY.year))
    assert result["by_county"]
