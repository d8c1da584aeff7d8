"""The statistics API (/api/v1/stats/…): the dashboard figures with the pages' region scope, the
public statistics for anyone (suppressed exactly as the page), and coded 4xx on bad input."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.evaluation.tests.support import FAMILY, PROVINCE, paid_world
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from innovoucher.stats import selectors
from testsupport import make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=10)
API = "/api/v1/stats"


@pytest.fixture
def world():
    return paid_world(subsidies=(5_000_000, 3_000_000))


def _client(user) -> Client:
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def test_dashboard_answers_the_pages_figures_in_the_readers_region(world):
    c = _client(world.officials["province"])
    with clock.frozen_now(DAY):
        r = c.get(f"{API}/dashboard", {"region": PROVINCE, "year": DAY.year})
        assert r.status_code == 200
        data = r.json()
        f = selectors.filters_for(actor=world.officials["province"], region=PROVINCE, year=DAY.year)
        assert data["region"] == PROVINCE and data["year"] == DAY.year
        county = {row["region"]: row for row in data["funnel"]}[world.county]
        assert county["redeemed"] == 2 and county["redeemed_amount"] == "80000.00"
        assert [row["category"] for row in data["category"]] == [
            row["category"] for row in selectors.amounts_by_category(f)
        ]
        assert data["provider"][0]["provider"] == world.provider.pk
        assert data["provider"][0]["subsidy"] == "80000.00"
        assert all(row["deadline_days"] == "14.0" for row in data["processing"])
        assert sum(float(b["used"]) for b in data["budget"]) == 80000.0
        assert data["budget"][0]["points"]
        # the county reviewer: its county only, the province refused as on the page
        county_c = _client(world.officials["county"])
        mine = county_c.get(f"{API}/dashboard", {"year": DAY.year}).json()
        assert mine["region"] == world.county
        refused = county_c.get(f"{API}/dashboard", {"region": PROVINCE, "year": DAY.year})
        assert refused.status_code == 403 and refused.json()["code"] == "region_out_of_scope"


def test_dashboard_is_for_readers_only(world):
    assert Client().get(f"{API}/dashboard").status_code == 401
    r = _client(world.applicant_user).get(f"{API}/dashboard")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    other = make_user("stats-api-far", Role.PROVINCE_REVIEWER, "650000")
    far = _client(other).get(f"{API}/dashboard", {"region": PROVINCE})
    assert far.status_code == 403 and world.provider.name not in far.content.decode()


def test_public_statistics_for_anyone_suppressed_like_the_page(world):
    anonymous = Client()
    r = anonymous.get(f"{API}/public", {"year": DAY.year, "family": FAMILY})
    assert r.status_code == 200
    data = r.json()
    # one firm: every cell and the total are hidden, no amount anywhere
    assert data["total"] is None and data["k"] == 3
    assert data["by_county"] and all(c["suppressed"] for c in data["by_county"])
    assert all(c["subsidy"] is None and c["firms"] is None for c in data["by_county"])
    assert "80000" not in r.content.decode() and "50000" not in r.content.decode()
    assert {p["level"] for p in data["processing"]}


def test_bad_input_is_a_coded_422(world):
    c = _client(world.officials["province"])
    cases = [
        (f"{API}/public", {"year": 1999}, "year_invalid"),
        (f"{API}/public", {"family": "atlantis"}, "unknown_policy"),
        (f"{API}/dashboard", {"region": "64"}, "region_invalid"),
        (f"{API}/dashboard", {"year": 2**40}, "out_of_range"),
        (f"{API}/public", {"year": "soon"}, "invalid_request"),
    ]
    for url, params, code in cases:
        r = c.get(url, params)
        assert r.status_code == 422 and r.json()["code"] == code, (params, r.content)
