"""Pages never show a state that time has already ended (issue 10, journey 3): on the day after a
publicity period, before the tick has closed the list, the list reads 公示期满 (not 公示中) and its
listed items 公示期满无异议; the tick then closes it as before."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.redemptions.states import ItemStatus, PublicityStatus
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport.world import START

pytestmark = pytest.mark.django_db


def test_a_list_past_its_period_never_reads_publicity_running():
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=500_000))
    item = r.publicity_items.get()
    publicity = item.publicity
    with clock.frozen_now(publicity.ends_on):  # 届满: the last day still runs
        assert publicity.get_status_display() == "公示中"
        assert item.get_status_display() == "公示中"
    after = publicity.ends_on + dt.timedelta(days=1)
    with clock.frozen_now(after):
        publicity.refresh_from_db()
        item.refresh_from_db()
        assert publicity.status == PublicityStatus.OPEN  # the tick has not run yet
        assert publicity.get_status_display() == "公示期满"
        assert item.get_status_display() == "公示期满无异议"
        page = Client().get("/redemptions/publicity/").content.decode()
        row = page[page.index(publicity.number) :][:2000]
        assert "公示期满" in row and ">公示中<" not in row
        detail = Client().get(f"/redemptions/publicity/{publicity.pk}/").content.decode()
        assert "公示期满无异议" in detail
    tick(after)
    item.refresh_from_db()
    assert item.status == ItemStatus.CLEARED and item.get_status_display() == "公示无异议"


def test_an_application_past_its_publicity_reads_period_over_everywhere_until_the_worker_ticks():
    """The application's own status (firm pages, official pages, the API) says 公示期满，待处理 on
    the day after the list's end, and the worker's tick (`jobs.ticking.tick_run`) closes it."""
    from innovoucher.jobs.ticking import tick_run
    from innovoucher.redemptions.states import RedemptionStatus

    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=500_000))
    publicity = r.publicity_items.get().publicity
    firm, official = Client(), Client()
    firm.force_login(world.applicant_user)
    official.force_login(world.officials["city"])
    with clock.frozen_now(publicity.ends_on):  # the last day still runs
        r.refresh_from_db()
        assert not r.publicity_over and r.get_status_display() == "公示中"
        body = firm.get("/api/v1/redemptions/?scope=mine").json()
        assert body["results"][0]["status_label"] == "公示中"
        assert body["results"][0]["publicity_over"] is False
    after = publicity.ends_on + dt.timedelta(days=1)
    with clock.frozen_now(after):
        r.refresh_from_db()
        assert r.status == RedemptionStatus.PUBLICITY  # the tick has not run yet
        assert r.publicity_over and r.get_status_display() == "公示期满，待处理"
        for client, url in (
            (firm, "/redemptions/mine/"),
            (firm, f"/redemptions/{r.pk}/"),
            (official, "/redemptions/review/"),
            (official, f"/redemptions/{r.pk}/"),
        ):
            page = client.get(url).content.decode()
            row = page if url.endswith(f"/{r.pk}/") else page[page.index(r.number) :][:3000]
            assert "公示期满，待处理" in row, url
            assert ">公示中<" not in row, url
        for client, url in (
            (firm, "/api/v1/redemptions/?scope=mine"),
            (official, "/api/v1/redemptions/?scope=region"),
        ):
            item = next(i for i in client.get(url).json()["results"] if i["number"] == r.number)
            assert item["status"] == "publicity" and item["publicity_over"] is True, url
            assert item["status_label"] == "公示期满，待处理", url
        detail = firm.get(f"/api/v1/redemptions/{r.pk}").json()
        assert detail["status_label"] == "公示期满，待处理"
        lists = Client().get("/api/v1/publicity/").json()
        listed = next(p for p in lists["results"] if p["number"] == publicity.number)
        assert listed["status"] == "open" and listed["status_label"] == "公示期满"
        assert listed["open_for_objections"] is False
    result = tick_run(after.isoformat())  # what the worker runs every cycle
    assert not result.get("skipped")
    r.refresh_from_db()
    publicity.refresh_from_db()
    assert r.status != RedemptionStatus.PUBLICITY and not r.publicity_over
    assert publicity.status == PublicityStatus.CLOSED
