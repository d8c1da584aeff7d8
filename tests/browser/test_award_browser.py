"""A provider sees its computed award in a real Chromium: main navigation → 机构工作台 →
服务机构补助测算."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.states import RedemptionStatus
from testsupport.otp import browser_login
from testsupport.world import PASSWORD, START, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def paid_year(transactional_db):
    """A Liaocheng provider with two paid redemptions in 2025 (SCAFFOLDING rows, see
    publicity_support)."""
    from innovoucher.policies.services import policy_directory_import
    from innovoucher.redemptions.tests.publicity_support import redemption_in_review
    from innovoucher.workdays.services import (
        calendar_seed_chinesecalendar,
        work_calendar_invalidate,
    )

    policy_directory_import(actor=None)
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    with clock.frozen_now(START["liaocheng"]):
        world = build_world("liaocheng")
        paid = [
            redemption_in_review(world, subsidy_fen=30_000_000),
            redemption_in_review(world, subsidy_fen=10_000_000),
        ]
    Redemption.objects.filter(pk__in=[r.pk for r in paid]).update(status=RedemptionStatus.PAID)
    yield world
    work_calendar_invalidate()


def test_provider_sees_its_award_computed_from_platform_data(live_server, paid_year, page, shot):
    world = paid_year
    browser_login(page, live_server.url, world.provider_user.username, PASSWORD)
    expect(page.locator(".account")).to_contain_text("退出登录")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="机构工作台", exact=True
    ).click()
    page.get_by_role("link", name="服务机构补助测算").click()
    expect(page).to_have_url(re.compile(r"/providers/workspace/award/"))
    expect(page.locator("h1")).to_have_text("服务机构补助测算")
    page.select_option("#year", "2025")
    page.select_option("#grade", "B")
    page.get_by_role("button", name="重新测算").click()
    # 第十二条: contracts 2 × (300000.00 + 100000.00) = 800000.00 × 5% = 40000.00 (city);
    # 第十九条: grade B, 20% of the 400000.00 redeemed = 80000.00 (province) + 1:1 city match
    # 80000.00
    expect(page.get_by_test_id("award-total-liaocheng")).to_have_text("¥200,000.00")
    section = page.get_by_test_id("award-provider")
    expect(section).to_contain_text("市内供给方服务后补助")
    expect(section).to_contain_text("第十九条")
    expect(section).to_contain_text("市财政1:1配套奖励")
    shot("award")
