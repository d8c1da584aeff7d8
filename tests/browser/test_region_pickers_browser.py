"""Regions chosen with the GB/T 2260 picker in a real Chromium (issue 15), on the forms that took a
typed code: the security administrator grants a county role and a platform-wide one (全国（平台）
stays first in the province list after every htmx refresh), an official drafts a notice for a
county of the province."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.notices.models import Notice
from testsupport import make_user
from testsupport.otp import browser_login
from testsupport.world import PASSWORD

from .lifecycle_pages import SETTLED, pick_region

pytestmark = pytest.mark.browser


@pytest.fixture
def table(transactional_db):
    from innovoucher.regions.services import region_table_load

    return region_table_load()


def test_roles_are_granted_for_a_picked_county_or_the_whole_platform(live_server, table, page):
    secadmin = make_user("picker-secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)
    reviewer = make_user("picker-reviewer")
    auditor = make_user("picker-auditor")
    browser_login(page, live_server.url, secadmin.username, PASSWORD)
    page.goto(live_server.url + "/accounts/roles/")
    page.fill("#id_username", reviewer.username)
    page.select_option("#id_role", Role.COUNTY_REVIEWER)
    pick_region(page, "id_region_code", "330602")
    page.get_by_role("button", name="授予角色").click()
    expect(page.locator(".messages")).to_contain_text("已为 picker-reviewer 授予")
    assert RoleAssignment.objects.get(user=reviewer).region_code == "330602"
    # a province first, then 全国: the refreshed list still offers 全国 and clears the levels below
    page.fill("#id_username", auditor.username)
    page.select_option("#id_role", Role.AUDIT_ADMIN)
    pick_region(page, "id_region_code", "330600")
    expect(page.locator("#id_region_code")).to_be_enabled()  # the city's counties arrived
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)  # htmx wires the swapped element up after its settle step
    page.select_option("#id_region_code__province", PLATFORM_REGION)
    expect(page.locator("#id_region_code__city")).to_be_disabled()
    page.wait_for_function(SETTLED)
    expect(page.locator("#id_region_code__province")).to_have_value(PLATFORM_REGION)
    page.get_by_role("button", name="授予角色").click()
    expect(page.locator(".messages")).to_contain_text("已为 picker-auditor 授予")
    assert RoleAssignment.objects.get(user=auditor).region_code == PLATFORM_REGION


def test_a_notice_is_drafted_for_a_picked_county(live_server, table, page):
    official = make_user("picker-province", Role.PROVINCE_REVIEWER, "640000")
    browser_login(page, live_server.url, official.username, PASSWORD)
    page.goto(live_server.url + "/notices/manage/")
    expect(page.locator("#id_region_code__province")).to_have_value("640000")  # one's own
    pick_region(page, "id_region_code", "640104")
    page.fill("#id_issuer", "宁夏回族自治区科学技术厅")
    page.fill("#id_title", "关于兴庆区创新券申报的通知")
    page.fill("#id_body", "请符合条件的企业按时申报。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    assert Notice.objects.get().region_code == "640104"
