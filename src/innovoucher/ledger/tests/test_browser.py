"""A finance officer in a real Chromium: allocate, see the burn-down chart, pay, reconcile."""

import re

import pytest
from playwright.sync_api import expect

from innovoucher.accounts.roles import Role
from innovoucher.ledger.models import Claim, PaymentBatch
from innovoucher.ledger.tests.helpers import reserve
from innovoucher.regions.services import region_table_load
from testsupport import make_user

pytestmark = pytest.mark.browser
PASSWORD = "Browser@test-2026"


@pytest.fixture
def officer_login(transactional_db):
    user = make_user("fin_browser", grants=[(Role.FINANCE_OFFICER, "140000")])
    user.set_password(PASSWORD)
    user.save()
    region_table_load()  # the allocation target is chosen from the GB/T 2260 pickers
    return user


def _login(page, live_server):
    page.goto(live_server.url + "/accounts/login/?next=/")
    page.fill("input[name=username]", "fin_browser")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_finance_officer_allocates_pays_and_reconciles(live_server, page, officer_login, tmp_path):
    _login(page, live_server)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="资金管理").click()
    page.get_by_role("link", name="下达与分配").click()
    appropriate = page.locator("form", has=page.locator("input[value=appropriate]"))
    appropriate.locator("select[name=funder_region]").select_option("140000")
    appropriate.locator("select[name=fiscal_year]").select_option("2026")
    appropriate.locator("input[name=amount]").fill("2000000.00")
    appropriate.locator("input[name=reference]").fill("晋财教〔2026〕8号")
    appropriate.get_by_role("button", name="下达并记账").click()
    expect(page.locator("main")).to_contain_text("¥2,000,000.00")
    expect(page.locator("#burndown canvas")).to_have_count(1)

    page.get_by_role("link", name="下达与分配").click()
    allocate = page.locator("form", has=page.locator("input[value=allocate]"))
    allocate.locator("select[name=to_region__province]").select_option("140000")
    allocate.locator("select[name=to_region__city]").select_option("140100")  # htmx lists cities
    allocate.locator("input[name=amount]").fill("500000")
    allocate.locator("input[name=reference]").fill("晋科发〔2026〕12号")
    allocate.get_by_role("button", name="分配并记账").click()
    expect(page.locator(".messages")).to_contain_text("分配下拨 ¥500,000.00")

    reserve(
        officer_login, "redemption:browser", {"province": 80_000_00}, region="140105"
    )  # the lifecycle approves
    page.get_by_role("link", name="支付批次").click()
    page.select_option("select[name=payer_region]", "140100")
    page.select_option("select[name=cadence]", "per_notice")
    page.fill("input[name=period]", "晋科资〔2026〕1号")
    page.get_by_role("button", name="生成批次").click()
    expect(page.locator("main")).to_contain_text("redemption:browser")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出银行支付文件（CSV）").click()
    assert "80000.00" in download.value.path().read_text(encoding="utf-8-sig")

    batch = PaymentBatch.objects.get()
    result = tmp_path / "回执.csv"
    result.write_text(
        f"明细编号,结果,银行流水号\n{batch.lines.get().code},成功,B001\n", encoding="utf-8"
    )
    page.set_input_files("input[name=file]", str(result))
    page.get_by_role("button", name="导入并对账").click()
    expect(page.locator(".messages")).to_contain_text("到账 1 笔")
    expect(page.locator("main")).to_contain_text("已对账")
    assert Claim.objects.get(reference="redemption:browser").status == "paid"
    expect(page).to_have_url(re.compile(r"/finance/batches/\d+/$"))
