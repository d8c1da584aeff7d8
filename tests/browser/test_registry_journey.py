"""The registry and provider journey in a real Chromium: a newcomer registers an enterprise (and
sees
each validation message once), another registers a university; the county reviewer approves both
from the to-do list; the university signs its credit commitment and is admitted directly, publishes
a service and an instrument; the enterprise books the instrument on the weekly calendar; the
provider confirms from its to-dos."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from innovoucher.accounts.roles import Role
from innovoucher.providers.models import Booking
from innovoucher.regions.services import region_table_load
from innovoucher.registry.demo import make_uscc
from innovoucher.registry.idnumber import make_id_number
from testsupport.otp import browser_login

pytestmark = pytest.mark.browser
PASSWORD = "Journey-2026-pass"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def reviewer(transactional_db):
    from django.contrib.auth import get_user_model

    from innovoucher.accounts.services import assign_role

    user = get_user_model().objects.create_user(
        "yc-journey", password=PASSWORD, display_name="越城区科技局审核人"
    )
    assign_role(actor=None, user=user, role=Role.COUNTY_REVIEWER, region_code="330602")
    region_table_load()
    return user


def _login(page, base, username):
    browser_login(page, base, username, PASSWORD)
    expect(page.locator(".account")).to_contain_text("退出登录")


def _logout(page):
    page.get_by_role("button", name="退出登录").click()


def _register(page, base, licence, *, kind, name, uscc, id_number, username, provider_kind=""):
    page.goto(base + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="注册登记").click()
    page.select_option("#id_kind", kind)
    if provider_kind:
        page.select_option("#id_provider_kind", provider_kind)
    page.fill("#id_name", name)
    # the region is chosen, never typed: province → city → county (htmx refreshes the next list)
    # Each choice waits until htmx has swapped in and set up the next lists: a change made
    # before the new picker is wired up would send no request.
    settled = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    page.select_option("#id_region_code__province", "330000")
    expect(page.locator("#id_region_code__city")).to_be_enabled()
    page.wait_for_function(settled)
    page.wait_for_timeout(50)  # htmx wires the swapped element up after its settle step
    page.select_option("#id_region_code__city", "330600")
    expect(page.locator("#id_region_code")).to_be_enabled()
    page.wait_for_function(settled)
    page.select_option("#id_region_code", "330602")
    page.fill("#id_uscc", uscc)
    page.fill("#id_address", "绍兴市越城区解放北路1号")
    page.set_input_files("#id_licence", str(licence))
    page.fill("#id_legal_rep_name", "张三")
    page.fill("#id_legal_rep_id_number", id_number)
    page.fill("#id_contact_name", "李四")
    page.fill("#id_contact_phone", "13800001111")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="提交登记").click()


def test_register_review_admit_publish_book_confirm(
    live_server, live_policies, reviewer, page, shot, tmp_path
):
    base = live_server.url
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(PDF)
    good_id = make_id_number("330602", dt.date(1980, 5, 6), 123)
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")

    # 1. A newcomer registers an enterprise: a wrong check digit and a bad phone, each said once.
    _register(
        page,
        base,
        licence,
        kind="enterprise",
        name="越城新材料科技有限公司",
        uscc=make_uscc("330602", 501),
        id_number=bad_id,
        username="yc-firm",
    )
    page.fill("#id_contact_phone", "123")
    page.set_input_files("#id_licence", str(licence))
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="提交登记").click()
    expect(
        page.locator(".errorlist li", has_text="身份证号码校验位错误，请核对最后一位")
    ).to_have_count(1)
    expect(page.locator(".errorlist li", has_text="联系电话应为11位手机号码")).to_have_count(1)
    expect(page.locator("#id_name")).to_have_value(
        "越城新材料科技有限公司"
    )  # what was typed is kept
    shot("1-validation")
    page.fill("#id_legal_rep_id_number", good_id)
    page.fill("#id_contact_phone", "13800001111")
    page.set_input_files("#id_licence", str(licence))
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="提交登记").click()
    expect(page.locator(".messages")).to_contain_text("登记已提交")
    _logout(page)

    # 2. Another newcomer registers a university as a provider.
    _register(
        page,
        base,
        licence,
        kind="provider",
        provider_kind="university",
        name="绍兴文理学院分析测试中心",
        uscc=make_uscc("330602", 502, prefix="12"),
        id_number=make_id_number("330602", dt.date(1975, 3, 4), 456),
        username="yc-lab",
    )
    expect(page.locator(".messages")).to_contain_text("登记已提交")
    _logout(page)

    # 3. The county reviewer approves both from the to-do list.
    _login(page, base, "yc-journey")
    expect(page.locator(".account")).to_contain_text("消息")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办事项").click()
    expect(page.locator("main")).to_contain_text("共 2 项待您办理")
    shot("2-reviewer-todos")
    for name in ("越城新材料科技有限公司", "绍兴文理学院分析测试中心"):
        page.get_by_role("row", name=re.compile(name)).get_by_role("link", name="去办理").click()
        page.select_option("#id_action", "approve")
        page.get_by_role("button", name="提交审核结论").click()
        expect(page.locator(".messages")).to_contain_text(f"已审核通过：{name}")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办事项").click()
    expect(page.locator("main")).to_contain_text("暂无待办事项")
    _logout(page)

    # 4. The university is admitted directly, publishes a service and an instrument.
    _login(page, base, "yc-lab")
    expect(
        page.locator(".notification-badge span")
    ).to_be_visible()  # the unread badge: the approval waits in the inbox
    # Shaoxing 四（三）: the credit commitment is signed (on its page) before admission is asked.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="信用承诺").click()
    commitment = page.locator("section.card", has_text="绍兴文理学院分析测试中心")
    commitment.get_by_role("button", name="签署信用承诺").click()
    expect(page.locator(".messages")).to_contain_text("信用承诺已签署")
    expect(commitment).to_contain_text("已签署")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="机构工作台").click()
    apply = page.locator("form[action$='/workspace/apply/']")
    apply.locator("select[name=family]").select_option("shaoxing")
    apply.get_by_role("button", name="申请入库").click()
    expect(page.locator(".messages")).to_contain_text("入库申请已提交：已入库")
    publish = page.locator("form[action$='/workspace/services/']")
    publish.locator("select[name=category]").select_option("testing")
    publish.locator("input[name=name]").fill("材料物相分析")
    publish.locator("input[name=price]").fill("1200")
    publish.locator("input[name=turnaround_days]").fill("5")
    publish.get_by_role("button", name="发布服务").click()
    expect(page.locator(".messages")).to_contain_text("服务已发布")
    instrument = page.locator("form[action$='/workspace/instruments/']")
    instrument.locator("input[name=name]").fill("X射线衍射仪")
    instrument.locator("input[name=price_per_hour]").fill("200")
    instrument.locator("input[name=price_per_sample]").fill("150")
    instrument.get_by_role("button", name="登记仪器").click()
    expect(page.locator(".messages")).to_contain_text("仪器已登记")
    shot("3-provider-workspace")
    _logout(page)

    # 5. The enterprise finds the provider and books the instrument on the weekly calendar.
    _login(page, base, "yc-firm")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="服务机构").click()
    page.get_by_role("link", name="绍兴文理学院分析测试中心").click()
    expect(page.locator("main")).to_contain_text("材料物相分析")
    page.get_by_role("link", name="预约").click()
    this_week = page.locator("#week strong").inner_text()
    page.get_by_role("link", name="下一周 ›").click()  # htmx swaps the grid
    expect(page.locator("#week strong")).not_to_have_text(this_week)
    slot = page.locator("#week td.free a").first
    slot_start = slot.get_attribute("data-slot")
    slot.click()  # htmx fills the booking form with the slot
    expect(page.locator("#start")).to_have_value(slot_start)
    page.select_option("#unit", "sample")
    page.fill("#samples", "3")
    page.fill("#purpose", "新材料物相鉴定")
    shot("4-calendar")
    page.get_by_role("button", name="提交预约").click()
    expect(page.locator(".messages")).to_contain_text("预约已提交")
    page.get_by_role("link", name="下一周 ›").click()
    expect(page.locator("#week td.busy")).to_have_count(1)  # the booked hour is no longer free
    booking = Booking.objects.get()
    assert booking.amount_fen == 45000 and booking.status == "requested"
    _logout(page)

    # 6. The provider confirms from its to-dos.
    _login(page, base, "yc-lab")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="待办事项").click()
    page.get_by_role("row", name=re.compile("确认仪器预约")).get_by_role(
        "link", name="去办理"
    ).click()
    expect(page.locator("main")).to_contain_text("¥450.00")
    page.get_by_role("button", name="确认预约").click()
    expect(page.locator(".messages")).to_contain_text("预约已确认")
    expect(page.locator("h1")).to_contain_text("已确认")
    shot("5-confirmed")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
