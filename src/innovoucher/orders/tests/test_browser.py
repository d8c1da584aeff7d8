"""A Ningxia firm in a real Chromium: orders a service, fills the standard contract; the agency
reviewer approves and the voucher appears; the provider delivers; the firm settles with the
voucher deducted and rates the provider."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.orders.models import Order
from innovoucher.policies.services import policy_directory_import
from testsupport.world import PASSWORD, START, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    policy_directory_import(actor=None)
    with clock.frozen_now(START["ningxia"]):
        return build_world("ningxia", funded=False)


@pytest.fixture
def shot(page, request):
    folder = Path(os.environ.get("INNOVOUCHER_VAR_DIR", "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(
        path=str(folder / f"{request.node.name}-{name}.png"), full_page=True
    )


def login(page, base, user):
    page.goto(base + "/accounts/login/?next=/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator(".account")).to_contain_text("退出登录")


def logout(page):
    page.get_by_role("button", name="退出登录").click()


def nav(page, label):
    page.get_by_role("navigation", name="主导航").get_by_role("link", name=label).click()


def test_ningxia_order_contract_voucher_deduction_and_rating(live_server, page, world, shot):
    w, base = world, live_server.url
    with clock.frozen_now(START["ningxia"]):
        login(page, base, w.applicant_user)
        nav(page, "服务订单")
        page.get_by_role("link", name="新建订单（选择服务）").click()
        page.get_by_role("row", name=re.compile(w.service.name)).get_by_role(
            "link", name="下单"
        ).click()
        page.select_option("#id_family", "ningxia")
        page.fill("#id_subject", "新型合金材料检测")
        page.fill("#id_contract_amount", "300000.00")
        shot("place")
        page.get_by_role("button", name="提交订单").click()
        expect(page.locator(".messages")).to_contain_text("已提交")

        page.get_by_role("link", name="填写服务合同").click()
        page.select_option("#id_contract_type", "development")
        page.fill("#id_registration_no", "6401042026000123")
        page.fill("#id_deliverables", "检测报告一份，符合 GB/T 228.1")
        shot("contract-form")
        page.get_by_role("button", name="保存并提交审核").click()
        expect(page.locator("main")).to_contain_text("自动初审结果")
        expect(page.locator("h1")).to_contain_text("待审核")
        shot("contract-submitted")
        logout(page)

        login(page, base, w.officials["agency"])
        nav(page, "服务订单")
        page.locator("main table").first.get_by_role("link").first.click()
        page.get_by_role("button", name="审核通过并生成创新券").click()
        expect(page.locator(".messages")).to_contain_text("已生成创新券")
        shot("contract-approved")
        logout(page)

        login(page, base, w.applicant_user)
        nav(page, "我的创新券")
        expect(page.locator("main")).to_contain_text("¥110,000.00")
        shot("vouchers")
        logout(page)

        login(page, base, w.provider_user)
        nav(page, "服务订单")
        page.get_by_role("link", name=re.compile(r"^DD")).first.click()
        page.get_by_role("button", name="确认接单").click()
        page.get_by_role("button", name="服务完成").click()
        expect(page.locator("h1")).to_contain_text("服务已完成")
        logout(page)

        login(page, base, w.applicant_user)
        nav(page, "服务订单")
        page.get_by_role("link", name=re.compile(r"^DD")).first.click()
        expect(page.locator("main")).to_contain_text("结算时预计抵扣")
        page.get_by_role("button", name="结算付款").click()
        expect(page.locator("h1")).to_contain_text("已结算")
        page.select_option("#r-score", "5")
        page.select_option("#r-quality", "4")
        page.fill("#r-comment", "报告规范，响应及时")
        page.get_by_role("button", name="提交评价").click()
        expect(page.locator(".messages")).to_contain_text("评价已提交")
        shot("settled")
    order = Order.objects.get()
    assert (order.status, order.deduction_fen, order.paid_fen, order.rating.score) == (
        "settled",
        110_000_00,
        190_000_00,
        5,
    )
