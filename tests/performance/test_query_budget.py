"""Query budgets: a page's number of queries does not grow with the data. Each page is rendered on
a world with a few rows and on one with ten times as many (orders, redemptions in review,
vouchers' uses, payment claims); the counts must be equal, and stay within the budget below."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innovoucher.core import clock
from innovoucher.redemptions.models import ReviewStep
from innovoucher.redemptions.states import StepStatus
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (autouse fixture)
    _fast_private_calendar,
    redemption_in_review,
    world_for,
)
from testsupport.world import START

pytestmark = pytest.mark.django_db

FAMILY = "shaoxing"
# The most queries any page below may issue (session, user, roles, navigation badges, the list,
# its related rows, the policy families it names). Measured 8–29 in December 2026.
BUDGET = 35


def _grow(world, rows: int) -> None:
    with clock.frozen_now(START[FAMILY]):
        for _ in range(rows):
            redemption = redemption_in_review(world)
            last = redemption.steps.order_by("-position").first()
            ReviewStep.objects.filter(pk=last.pk).update(status=StepStatus.PENDING, decided_at=None)


def _count(client, user, url: str) -> tuple[int, str]:
    client.force_login(user)
    with clock.frozen_now(START[FAMILY]):
        client.get(url)  # warm the per-process caches (policy versions, calendar, regions)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), response.content.decode()


# (who, page, number prefix of the rows it lists: the page must show the added rows, else a flat
# count would prove nothing)
PAGES = [
    ("applicant_user", "/vouchers/", None),
    ("applicant_user", "/redemptions/mine/", "RDSH"),
    ("applicant_user", "/orders/", "TSH"),
    ("applicant_user", "/notifications/todos/", None),
    ("provider_user", "/orders/", "TSH"),
    ("official:province", "/redemptions/review/", "RDSH"),
    ("official:city", "/redemptions/review/", "RDSH"),
    ("finance:province", "/finance/", None),
]


def _user(world, who: str):
    if ":" in who:
        kind, level = who.split(":")
        return (world.officials if kind == "official" else world.finance)[level]
    return getattr(world, who)


@pytest.mark.parametrize("who,url,rows", PAGES)
def test_query_count_is_flat_in_the_data(client, who, url, rows):
    world = world_for(FAMILY)
    _grow(world, 2)
    few, _ = _count(client, _user(world, who), url)
    _grow(world, 18)
    many, page = _count(client, _user(world, who), url)
    if rows:
        assert page.count(rows) >= 20, f"{url} as {who} lists the 20 rows"
    assert many == few, f"{url} as {who}: {few} queries with 2 rows, {many} with 20"
    assert many <= BUDGET, f"{url} as {who}: {many} queries, budget {BUDGET}"
