"""Instrument time from booking to redemption in a real Chromium (issue 10, Shaoxing 三（一）2
预约→订单→一键抵扣): a new provider registers an instrument with its opening hours (a wrong price
first: the form keeps what was typed); the firm sees evenings and the weekend closed on the
calendar and books a free slot; the provider confirms, then completes it with the hours actually
used; the firm claims its voucher, turns the completed booking into an order, the provider accepts
and delivers, the firm settles with the one-click deduction, and the provider files the
redemption."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from innovoucher.orders.models import Order
from innovoucher.providers.models import Booking
from innovoucher.redemptions.models import Redemption
from testsupport.world import START, build_world

from .lifecycle_pages import Pages, at
from .test_lifecycle_journeys import lifecycle_env  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_booking_becomes_an_order_and_a_redemption(
    lifecycle_env,  # noqa: F811
    page,
    live_server,
    tmp_path,
    shot,
):
    day = START["shaoxing"]  # Monday 2 March 2026
    with at(day, 8):
        world = build_world("shaoxing")
    ui = Pages(page, live_server.url, tmp_path, shot)
    firm, provider = world.applicant_user, world.provider_user

    # 1. The provider registers an instrument: a wrong price is shown at the field, values kept.
    with at(day, 8):
        ui.login(provider)
        ui.nav("机构工作台")
        form = page.locator("form[action$='/workspace/instruments/']")
        form.locator("input[name=name]").fill("场发射扫描电镜")
        form.locator("input[name=price_per_hour]").fill("-800")
        form.get_by_role("button", name="登记仪器").click()
        form = page.locator("form[action$='/workspace/instruments/']")
        expect(form).to_contain_text("机时价格不能为负数")
        expect(form.locator("input[name=name]")).to_have_value("场发射扫描电镜")
        form.locator("input[name=price_per_hour]").fill("800")
        form.get_by_role("button", name="登记仪器").click()
        expect(ui.messages()).to_contain_text("仪器已登记")

    # 2. The firm books on the calendar: the evening and the weekend are closed.
    with at(day, 8):
        ui.login(firm)
        ui.nav("服务机构")
        page.get_by_role("link", name=world.provider.name).click()
        page.get_by_role("row", name=re.compile("场发射扫描电镜")).get_by_role(
            "link", name="预约"
        ).click()
        expect(page.locator("main")).to_contain_text("星期六 不开放")
        expect(page.locator("#week td.closed").first).to_be_visible()
        shot("calendar-closed")
        slot = f"{(day + dt.timedelta(days=1)).isoformat()}T09:00"
        page.locator(f"#week a[data-slot='{slot}']").click()
        # htmx swaps in the form filled with the one-hour slot; the firm then extends its end
        expect(page.locator("#start")).to_have_value(slot)
        page.fill("#end", f"{(day + dt.timedelta(days=1)).isoformat()}T13:00")
        page.fill("#purpose", "新材料微观形貌表征")
        page.get_by_role("button", name="提交预约").click()
        expect(ui.messages()).to_contain_text("预约已提交")
    booking = Booking.objects.get()
    assert booking.amount_fen == 3200_00

    # 3. The provider confirms, and after the slot completes it with the hours actually used.
    with at(day, 9):
        ui.login(provider)
        page.goto(f"{live_server.url}/providers/bookings/{booking.pk}/")
        page.get_by_role("button", name="确认预约").click()
        expect(page.locator("h1")).to_contain_text("已确认")
    with at(day + dt.timedelta(days=1), 15):
        ui.login(provider)
        page.goto(f"{live_server.url}/providers/bookings/{booking.pk}/")
        page.fill("#used_hours", "9")
        page.get_by_role("button", name="确认完成").click()
        expect(page.locator("main")).to_contain_text("实际使用机时应大于0")
        page.fill("#used_hours", "2.5")
        page.get_by_role("button", name="确认完成").click()
        expect(page.locator("h1")).to_contain_text("已完成")
        expect(page.locator("main")).to_contain_text("¥2,000.00")

    # 4. The firm claims its voucher and turns the completed booking into an order.
    with at(day + dt.timedelta(days=1), 16):
        ui.login(firm)
        ui.claim_voucher()
        ui.nav("仪器机时")  # a firm's bookings (the role-shaped menu)
        page.get_by_role("row", name=re.compile("场发射扫描电镜")).get_by_role(
            "link", name="查看"
        ).click()
        page.get_by_role("link", name="生成订单").click()
        expect(page.locator("#id_contract_amount")).to_have_value("2000.00")
        page.select_option("#id_family", "shaoxing")
        page.locator("#id_voucher").select_option(index=1)
        shot("order-from-booking")
        page.get_by_role("button", name="提交订单").click()
        expect(ui.messages()).to_contain_text("已提交")
    order = Order.objects.get(booking=booking)
    assert order.contract_amount_fen == 2000_00

    # 5. Accept, deliver, settle with the one-click deduction (50 %).
    with at(day + dt.timedelta(days=2), 10):
        ui.login(provider)
        ui.open_order()
        ui.order_button("确认接单", "服务中")
        ui.order_button("服务完成", "待结算")
        ui.login(firm)
        ui.open_order()
        ui.order_button("结算付款", "已结算")
    order.refresh_from_db()
    assert (order.deduction_fen, order.paid_fen) == (1000_00, 1000_00)

    # 6. The provider (Shaoxing: 服务者申兑) files the redemption with documents and invoice.
    with at(day + dt.timedelta(days=3), 10):
        ui.login(provider)
        ui.apply(
            order,
            invoice_number="33026001",
            amount="2000.00",
            issued_on=day + dt.timedelta(days=2),
        )
        shot("redemption-filed")
    assert Redemption.objects.filter(order=order).exists()
