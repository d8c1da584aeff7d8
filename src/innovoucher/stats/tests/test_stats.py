"""Statistics from real platform data (a Ningxia world with paid redemptions): aggregates,
scope, Excel export, drill-down, the monthly PDF and the k-anonymous public statistics."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from innovoucher.core import clock
from innovoucher.evaluation.tests.support import FAMILY, PROVINCE, paid_world
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from innovoucher.stats import selectors
from testsupport import PASSWORD, make_user
from testsupport.world import START

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=10)


@pytest.fixture
def world():
    return paid_world(subsidies=(5_000_000, 3_000_000))


def _filters(world):
    with clock.frozen_now(DAY):
        return selectors.filters_for(
            actor=world.officials["province"], region=PROVINCE, year=DAY.year
        )


def test_aggregates_count_the_paid_redemptions_once(world):
    f = _filters(world)
    by_county = {r["region"]: r for r in selectors.voucher_funnel(f)}
    row = by_county[world.county]
    assert row["redeemed"] == 2 and row["redeemed_fen"] == 8_000_000
    assert row["gap"] == row["issued"] - row["used"]
    [category] = selectors.amounts_by_category(f)
    assert category["category"] == world.service.category and category["subsidy_fen"] == 8_000_000
    [provider] = selectors.amounts_by_provider(f)
    assert provider["provider"] == world.provider.pk and provider["n"] == 2
    levels = {r["level"]: r for r in selectors.processing_times(f)}
    assert levels and all(r["n"] >= 2 for r in levels.values())
    assert all(r["deadline_days"] == 14 and r["avg_days"] is not None for r in levels.values())
    assert sum(r["used_fen"] for r in selectors.budget_burndown(f)) == 8_000_000
    assert selectors.drill_list(f, county=world.county).count() == 2
    assert selectors.drill_list(f, provider=str(world.provider.pk)).count() == 2


def test_region_outside_the_scope_is_refused(world):
    from innovoucher.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.filters_for(actor=world.officials["county"], region=PROVINCE, year=DAY.year)
    with pytest.raises(PermissionDenied):
        selectors.filters_for(actor=world.applicant_user, region="", year=DAY.year)


def test_k_anonymity_suppresses_cells_of_fewer_firms():
    rows = [
        {"label": "甲", "firms": 2, "n": 5, "subsidy_fen": 100},
        {"label": "乙", "firms": 3, "n": 4, "subsidy_fen": 200},
    ]
    out = selectors.suppress(rows, k=3)
    assert out[0]["suppressed"] and out[0]["firms"] is None and out[0]["subsidy_fen"] is None
    assert not out[1]["suppressed"] and out[1]["subsidy_fen"] == 200


def test_public_statistics_hide_a_single_firm_and_show_it_below_the_threshold_one(world):
    public = selectors.public_statistics(year=DAY.year, family=FAMILY)
    [county] = public["by_county"]
    assert county["suppressed"] and county["subsidy_fen"] is None and public["total"] is None
    shown = selectors.public_statistics(year=DAY.year, family=FAMILY, k=1)
    assert shown["by_county"][0]["subsidy_fen"] == 8_000_000 and shown["total"]["firms"] == 1


def test_pages_render_export_and_download(client, world):
    client.login(username=world.officials["province"].username, password=PASSWORD)
    with clock.frozen_now(DAY):
        page = client.get("/stats/", {"region": PROVINCE, "year": DAY.year})
        assert page.status_code == 200 and "创新券发放、使用与兑付" in page.content.decode()
        xlsx = client.get("/stats/export/category/", {"region": PROVINCE, "year": DAY.year})
        assert xlsx.status_code == 200
        ws = load_workbook(io.BytesIO(xlsx.content)).active
        assert [c.value for c in ws[3]][3] == 80000.0  # 补助金额（元）
        assert client.get("/stats/export/nope/").status_code == 404
        drill = client.get(
            "/stats/list/", {"region": PROVINCE, "year": DAY.year, "county": world.county}
        )
        assert drill.status_code == 200 and world.provider.name in drill.content.decode()
        pdf = client.get(
            "/stats/monthly/",
            {"region": PROVINCE, "year": DAY.year, "month": START[FAMILY].month, "format": "pdf"},
        )
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert client.get("/stats/monthly/", {"month": "13"}).status_code == 422
    public = client.get("/stats/public/", {"year": DAY.year})
    assert public.status_code == 200 and "*" in public.content.decode()


def test_a_party_sees_no_dashboard(client, world):
    client.login(username=world.applicant_user.username, password=PASSWORD)
    assert client.get("/stats/").status_code == 403
    make_user("stats-auditor", "auditor", PROVINCE)
    client.login(username="stats-auditor", password=PASSWORD)
    assert client.get("/stats/", {"year": DAY.year}).status_code == 200


def test_dashboard_exports_run_in_the_background(client, world, django_capture_on_commit_callbacks):
    client.login(username=world.officials["province"].username, password=PASSWORD)
    with clock.frozen_now(DAY):
        page = client.get("/stats/", {"region": PROVINCE, "year": DAY.year}).content.decode()
        assert page.count('value="stats.chart"') == 5
        with django_capture_on_commit_callbacks(execute=True):
            asked = client.post(
                "/exports/request/",
                {"kind": "stats.chart", "chart": "category", "region": PROVINCE, "year": DAY.year},
            )
            monthly = client.post(
                "/exports/request/",
                {
                    "kind": "stats.monthly",
                    "region": PROVINCE,
                    "year": DAY.year,
                    "month": START[FAMILY].month,
                },
            )
        xlsx = client.get(asked["Location"] + "download/")
        ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        assert [c.value for c in ws[3]][3] == 80000.0  # 补助金额（元）
        pdf = client.get(monthly["Location"] + "download/")
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
        county = make_user("stats-county-x", "county_reviewer", "330602")
        client.force_login(county)
        refused = client.post(
            "/exports/request/", {"kind": "stats.chart", "chart": "category", "region": PROVINCE}
        )
        assert refused.status_code == 403
