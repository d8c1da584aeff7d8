"""The provider's award page: last year's award computed from its paid redemptions (已拨付),
aggregated in the
database, through the same service as `innovoucher award_quote`."""

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.evaluation.award_figures import provider_award_figures
from innovoucher.orders.models import Order
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.redemptions.tests.publicity_support import (
    _fast_private_calendar,
    redemption_in_review,
    world_for,
)  # noqa: F401 (fixture)
from testsupport.world import START

pytestmark = pytest.mark.django_db


def _paid(redemption, **changes):
    """SCAFFOLDING: mark a scaffolded redemption as paid (the payment path is tested in
    redemptions)."""
    Redemption.objects.filter(pk=redemption.pk).update(status=RedemptionStatus.PAID, **changes)


@pytest.fixture
def ningxia_year():
    world = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r1 = redemption_in_review(world, subsidy_fen=10_000_000)
        r2 = redemption_in_review(world, subsidy_fen=5_000_000)
        redemption_in_review(world, subsidy_fen=2_000_000)  # stays in review: not counted
        r4 = redemption_in_review(world, subsidy_fen=1_000_000)
        r5 = redemption_in_review(world, subsidy_fen=7_000_000)
    _paid(r1)
    _paid(r2)
    Order.objects.filter(pk=r2.order_id).update(via_platform=False)
    _paid(r4, category="novelty_search")
    _paid(r5, fiscal_year=2025)  # another year: not counted for 2026
    # r3 stays in review: not redeemed, not counted
    return world


def test_figures_sum_the_paid_redemptions_of_the_year(ningxia_year):
    world = ningxia_year
    figures = provider_award_figures(actor=world.provider_user, provider=world.provider, year=2026)[
        "ningxia"
    ]
    assert figures.redemptions == 3
    assert figures.redeemed_fen == 10_000_000 + 5_000_000 + 1_000_000
    assert figures.via_platform_fen == 10_000_000 + 1_000_000
    assert figures.contract_fen == 2 * (10_000_000 + 5_000_000 + 1_000_000)
    assert figures.public_interest_contracts == 1


def test_another_party_cannot_read_a_providers_figures(ningxia_year):
    world = ningxia_year
    with pytest.raises(NotFound):
        provider_award_figures(actor=world.applicant_user, provider=world.provider, year=2026)


def test_the_page_shows_the_computed_award_with_articles(client, ningxia_year):
    world = ningxia_year
    client.force_login(world.provider_user)
    response = client.get("/providers/workspace/award/?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    # 「科技服务机构评价和补贴」: a testing agency is a 社会化服务机构, 20% of 160000.00 = 32000.00,
    # + 1 × 200.00
    assert (
        "¥32,200.00" in html
        and "社会化服务机构服务补贴" in html
        and "「科技服务机构评价和补贴」" in html
    )
    assert "2026年度已拨付" in html


def test_the_page_is_reachable_from_the_workspace(client, ningxia_year):
    client.force_login(ningxia_year.provider_user)
    assert "/providers/workspace/award/" in client.get("/providers/workspace/").content.decode()


def test_a_bad_year_falls_back_to_last_year(client, ningxia_year):
    client.force_login(ningxia_year.provider_user)
    response = client.get("/providers/workspace/award/?year=abc&grade=Z")
    assert response.status_code == 200
    assert f"{clock.today().year - 1}年度已拨付" in response.content.decode()
