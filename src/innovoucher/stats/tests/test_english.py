"""The statistics pages in English (issue 15): the dashboard, the drill-down list, the monthly
summary and the public statistics, with data on them (a Ningxia world with paid redemptions).
Region, provider and budget names stay Chinese inside lang="zh-Hans" elements."""

import datetime as dt

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.evaluation.tests.support import FAMILY, PROVINCE, paid_world
from innovoucher.redemptions.tests.publicity_support import _fast_private_calendar  # noqa: F401
from testsupport.english import english_problems, switch_to_english
from testsupport.world import START

pytestmark = pytest.mark.django_db
DAY = START[FAMILY] + dt.timedelta(days=10)


def report(problems) -> str:
    return "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_statistics_pages_in_english():
    world = paid_world(subsidies=(5_000_000, 3_000_000))
    client = Client()
    switch_to_english(client)
    client.force_login(world.officials["province"])
    q = f"region={PROVINCE}&year={DAY.year}"
    with clock.frozen_now(DAY):
        problems = english_problems(
            client,
            [
                f"/stats/?{q}",
                f"/stats/?{q}&family={FAMILY}",
                f"/stats/list/?{q}&county={world.county}",
                f"/stats/monthly/?{q}&month={DAY.month}",
                f"/stats/public/?year={DAY.year}",
            ],
        )
        anonymous = Client()
        switch_to_english(anonymous)
        problems |= english_problems(anonymous, [f"/stats/public/?year={DAY.year}"])
        page = client.get(f"/stats/?{q}").content.decode()
    assert not problems, report(problems)
    assert "Export Excel" in page or "Excel" in page
    chinese = Client()
    chinese.force_login(world.officials["province"])
    with clock.frozen_now(DAY):
        assert "统计分析" in chinese.get(f"/stats/?{q}").content.decode()
