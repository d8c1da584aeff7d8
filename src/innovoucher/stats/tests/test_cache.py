"""Issue 12: the public statistics are cached per year and generation (`stats.cache`). A payment
or a recovery through the services bumps the year's generation in its own transaction, so the
page and the API show it at once; a change outside the services waits at most the TTL; the
suppression is applied to the cached figures exactly as to the computed ones."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.evaluation.tests.support import FAMILY, paid_world, pay_all
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services.payment import payment_recover
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
)
from innovoucher.stats import cache, selectors
from innovoucher.stats.generation import generation
from testsupport.world import START

pytestmark = pytest.mark.django_db
YEAR = START[FAMILY].year
DAY = START[FAMILY] + dt.timedelta(days=10)


def _n(stats) -> int:
    return stats["total"]["n"]


def test_the_cached_statistics_answer_without_aggregating_and_follow_every_payment(
    django_assert_max_num_queries,
):
    world = paid_world(subsidies=(5_000_000, 3_000_000))
    with clock.frozen_now(DAY):
        first = cache.public_statistics_cached(year=YEAR, k=1)
        assert _n(first) == 2 and first["total"]["subsidy_fen"] == 8_000_000
        with django_assert_max_num_queries(2) as queries:  # the generation, a label: no GROUP BY
            again = cache.public_statistics_cached(year=YEAR, k=1)
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
        assert again == first
        before = generation(YEAR)
        # A third redemption is paid through the services: the same call shows it at once.
        pass_review(world, redemption_in_review(world, subsidy_fen=2_000_000))
        pay_all(world, "通知-2")
    tick(DAY + dt.timedelta(days=1))
    assert generation(YEAR) != before
    with clock.frozen_now(DAY + dt.timedelta(days=1)):
        paid = cache.public_statistics_cached(year=YEAR, k=1)
        assert _n(paid) == 3 and paid["total"]["subsidy_fen"] == 10_000_000
        # A recovery takes it out of `paid`: shown at once too.
        r = Redemption.objects.get(subsidy_fen=2_000_000)
        payment_recover(actor=world.officials["province"], redemption=r, reasons=["经查虚报"])
        assert _n(cache.public_statistics_cached(year=YEAR, k=1)) == 2
        # Another year's entry is not touched by this year's payments.
        assert generation(YEAR - 1).endswith(".0")


def test_a_change_outside_the_services_waits_for_the_ttl(settings):
    paid_world(subsidies=(5_000_000,))
    with clock.frozen_now(DAY):
        assert _n(cache.public_statistics_cached(year=YEAR, k=1)) == 1
        Redemption.objects.filter(status=RedemptionStatus.PAID).update(subsidy_fen=4_000_000)
        cached = cache.public_statistics_cached(year=YEAR, k=1)
        assert cached["total"]["subsidy_fen"] == 5_000_000  # served from the cache
        settings.INNOVOUCHER_PUBLIC_STATS_TTL = 0  # the bound: expired entries are recomputed
        cache.public_changed(YEAR)
        cache.public_statistics_cached(year=YEAR, k=1)
        cache.public_changed(YEAR)  # nothing was kept with TTL 0: a fresh computation
        assert cache.public_statistics_cached(year=YEAR, k=1)["total"]["subsidy_fen"] == 4_000_000


def test_suppression_is_applied_to_the_cached_figures_on_the_page_and_the_api():
    paid_world(subsidies=(5_000_000, 3_000_000))  # one firm: below k = 3
    with clock.frozen_now(DAY):
        for family in ("", FAMILY):
            cached = cache.public_statistics_cached(year=YEAR, family=family)
            assert cached == selectors.public_statistics(year=YEAR, family=family)
            assert cached["total"] is None
            assert all(c["suppressed"] and c["subsidy_fen"] is None for c in cached["by_county"])
        body = Client().get("/api/v1/stats/public", {"year": YEAR}).json()
        assert body["total"] is None
        assert body["by_county"] and all(c["suppressed"] for c in body["by_county"])
        assert all(c["subsidy"] is None for c in body["by_county"])
        page = Client().get("/stats/public/", {"year": YEAR})
        assert page.status_code == 200 and "*" in page.content.decode()
