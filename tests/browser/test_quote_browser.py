"""The public calculator in a real Chromium: navigation → form → result with articles."""

import re

import pytest
from playwright.sync_api import expect

from .lifecycle_pages import pick_region

pytestmark = pytest.mark.browser


@pytest.fixture
def regions(transactional_db):
    from innovoucher.regions.services import region_table_load

    region_table_load()


def test_firm_quotes_a_ningxia_subsidy_from_the_home_page(
    live_server, live_policies, regions, page, shot
):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("科技创新券服务平台")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="补贴测算").click()
    expect(page).to_have_url(re.compile(r"/quote/$"))
    page.select_option("#id_policy", "ningxia")
    page.fill("#id_on", "2026-06-01")
    pick_region(page, "id_region", "640104")
    pick_region(page, "id_provider_region", "640104")
    page.select_option("#id_provider_kind", "university")
    page.select_option("#id_category", "testing")
    page.fill("#id_contract_amount", "300000")
    page.fill("#id_paid_amount", "300000")
    page.fill("#id_completed_on", "2026-05-01")
    page.get_by_role("button", name="测算补助").click()
    expect(page.get_by_test_id("subsidy")).to_have_text("¥110,000.00")
    expect(page.locator("#quote-result")).to_contain_text("服务机构（供给方）")
    expect(page.locator("#quote-result")).to_contain_text("「创新券补贴抵用比例与额度」")
    shot("result")


def test_lapsed_policy_and_bad_input_are_explained(live_server, live_policies, regions, page):
    page.goto(live_server.url + "/quote/?policy=liaocheng")
    page.fill("#id_on", "2026-06-01")
    pick_region(page, "id_region", "371502")
    page.fill("#id_completed_on", "2026-05-01")
    page.fill("#id_contract_amount", "1000")
    page.fill("#id_paid_amount", "1000")
    page.get_by_role("button", name="测算补助").click()
    expect(page.locator("#quote-result")).to_contain_text("届满失效")
    page.fill("#id_paid_amount", "5000")
    page.get_by_role("button", name="测算补助").click()
    expect(page.locator("#quote-result")).to_contain_text("实际支付金额不能大于合同金额")


def test_policy_version_page_lists_articles(live_server, live_policies, page):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件").click()
    page.get_by_role("link", name="山西省科技创新券").click()
    page.get_by_role("link", name="shanxi-2024").click()
    expect(page.locator("main")).to_contain_text("第二十一条")
    expect(page.locator("main")).to_contain_text("5个工作日")
