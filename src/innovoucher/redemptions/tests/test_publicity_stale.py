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
