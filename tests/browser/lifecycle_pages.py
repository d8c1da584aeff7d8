"""Page helpers for the lifecycle journeys in a real Chromium
(tests/browser/test_lifecycle_journeys.py).

Each helper is what one person does on the pages: log in through the login page, follow the main
navigation, fill a form, press a button. The clock is moved by the test (`clock.frozen_now` is a
module-level override, so the live server thread sees the same time); the scheduler is the `tick`
management command with `--now`.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from innovoucher.core import clock
from testsupport.otp import browser_login
from testsupport.world import PASSWORD, PDF


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def at(day: dt.date, hour: int = 10):
    return clock.frozen_now(moment(day, hour))


def tick(day: dt.date) -> None:
    """The platform's scheduler (not a person): `innovoucher tick --now <day>` (end of that day)."""
    call_command("tick", now=day.isoformat(), stdout=io.StringIO())


SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def pick_region(page, element_id: str, code: str) -> None:
    """Choose `code` in a region picker (province → city → county, each list refreshed by htmx)
    the way a person does: one level after the other, waiting for the next list to arrive."""
    province, city = code[:2] + "0000", code[:4] + "00"
    page.select_option(f"#{element_id}__province", province)
    if code == province:
        return
    expect(page.locator(f"#{element_id}__city")).to_be_enabled()
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)  # htmx wires the swapped element up after its settle step
    page.select_option(f"#{element_id}__city", city)
    if code == city:
        return
    expect(page.locator(f"#{element_id}")).to_be_enabled()
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(50)
    page.select_option(f"#{element_id}", code)


class Pages:
    def __init__(self, page, base: str, tmp_path, shot):
        self.page, self.base, self.shot = page, base, shot
        self.pdf = tmp_path / "材料.pdf"
        self.pdf.write_bytes(PDF)

    # --- people ----------------------------------------------------------------------------------

    def login(self, user) -> None:
        browser_login(self.page, self.base, user.username, PASSWORD)
        expect(self.page.locator(".account")).to_contain_text("退出登录")

    def nav(self, label: str) -> None:
        self.page.get_by_role("navigation", name="主导航").get_by_role(
            "link", name=label, exact=True
        ).click()

    def messages(self):
        return self.page.locator(".messages")

    # --- voucher and order
    # -------------------------------------------------------------------------

    def claim_voucher(self) -> None:
        self.nav("我的创新券")
        self.page.get_by_role("button", name="在线申领").first.click()
        expect(self.messages()).to_be_visible()

    def place_order(self, world, *, amount: str, use_voucher: bool) -> None:
        page = self.page
        self.nav("服务机构")
        page.get_by_role("link", name=world.provider.name).click()
        page.get_by_role("row", name=re.compile(re.escape(world.service.name))).get_by_role(
            "link", name="下单"
        ).click()
        page.select_option("#id_family", world.family)
        page.fill("#id_subject", "新材料性能检测与研发服务")
        page.fill("#id_contract_amount", amount)
        if use_voucher:
            page.locator("#id_voucher").select_option(index=1)  # the voucher just claimed
        self.shot("order-form")
        page.get_by_role("button", name="提交订单").click()
        expect(self.messages()).to_contain_text("已提交")

    def open_order(self) -> None:
        self.nav("服务订单")
        self.page.get_by_role("link", name=re.compile(r"^DD")).first.click()

    def order_button(self, label: str, expect_h1: str) -> None:
        self.page.get_by_role("button", name=label).click()
        expect(self.page.locator("h1")).to_contain_text(expect_h1)

    def fill_contract(self) -> None:
        page = self.page
        page.get_by_role("link", name="填写服务合同").click()
        page.select_option("#id_contract_type", "development")
        page.fill("#id_registration_no", "6401042026000123")
        page.fill("#id_deliverables", "检测报告一份，符合 GB/T 228.1")
        page.get_by_role("button", name="保存并提交审核").click()
        expect(page.locator("h1")).to_contain_text("待审核")

    def approve_contract(self) -> None:
        page = self.page
        self.nav("服务订单")
        page.locator("main table tbody").first.get_by_role("link").first.click()
        page.get_by_role("button", name="审核通过并生成创新券").click()
        expect(self.messages()).to_contain_text("已生成创新券")

    # --- redemption
    # ------------------------------------------------------------------------------------

    def publish_call(self, family_slug: str, day: dt.date, days: int = 60) -> None:
        page = self.page
        self.nav("兑付通知")
        page.get_by_role("link", name="发布兑付通知").click()
        page.select_option("#id_family", family_slug)
        page.fill("#id_title", f"关于开展{day.year}年度科技创新券兑付工作的通知")
        page.fill("#id_opens_on", day.isoformat())
        page.fill("#id_closes_on", (day + dt.timedelta(days=days)).isoformat())
        page.fill("#id_body", "请符合条件的主体在受理期内通过平台提交兑付申请及相关材料。")
        page.get_by_role("button", name="发布", exact=True).click()
        expect(self.messages()).to_contain_text("已发布")

    def apply(
        self,
        order,
        *,
        invoice_number: str,
        amount: str,
        issued_on: dt.date,
        claimant_kind: str = "",
    ) -> None:
        page = self.page
        self.nav("兑付申请")
        page.get_by_role("row", name=re.compile(order.number)).get_by_role(
            "link", name="申请兑付"
        ).click()
        if claimant_kind and page.locator("#id_claimant_kind").count():
            page.select_option("#id_claimant_kind", claimant_kind)
        page.fill("#id_invoice_number", invoice_number)
        page.fill("#id_invoice_amount", amount)
        page.fill("#id_invoice_issued_on", issued_on.isoformat())
        for name in ("contract", "invoice", "payment_proof", "result_report"):
            page.set_input_files(f"input[name={name}]", str(self.pdf))
        if order.category == "testing":
            page.set_input_files("input[name=relevance_proof]", str(self.pdf))
        self.shot("apply-form")
        page.get_by_role("button", name="提交申请（自动初审）").click()
        expect(page).to_have_url(re.compile(r"/redemptions/\d+/$"))

    def open_redemption(self, redemption) -> None:
        self.nav("兑付申请")
        self.page.get_by_role("link", name=redemption.number).first.click()

    def confirm_service(self, redemption) -> None:
        self.open_redemption(redemption)
        self.page.get_by_role("button", name="确认服务事项").click()
        expect(self.page.locator("h1")).to_contain_text("审核中")

    def decide(
        self, redemption, *, action: str = "approve", reasons: str = "", label: str = ""
    ) -> None:
        page = self.page
        self.nav("兑付审核")
        page.locator("main table").first.get_by_role("link", name=redemption.number).click()
        if action != "approve":
            page.locator(f"input[name=action][value={action}]").check()
            page.fill("textarea[name=reasons]", reasons)
        else:
            page.fill("textarea[name=opinion]", "材料齐全，符合政策规定，同意")
        if label:
            self.shot(label)
        page.get_by_role("button", name="提交审核结论").click()
        expect(self.messages()).to_be_visible()

    def resubmit(self, redemption) -> None:
        page = self.page
        self.open_redemption(redemption)
        expect(page.locator("main")).to_contain_text("退回修改意见")
        page.get_by_role("link", name="按意见修改并重新提交").click()
        page.set_input_files("input[name=result_report]", str(self.pdf))
        page.fill("#id_note", "已补充加盖检测机构公章的服务结果报告")
        page.get_by_role("button", name="重新提交（自动初审）").click()
        expect(page.locator("h1")).to_contain_text("审核中")

    def object_in_publicity(self, redemption) -> None:
        page = self.page
        self.nav("公示公告")
        page.locator("main table tbody").first.get_by_role("link").first.click()
        expect(page.locator("main")).to_contain_text(redemption.applicant.name)
        page.locator("#item").select_option(index=1)
        page.fill("#objector_name", "王五")
        page.fill("#contact", "13900001111")
        page.fill("#grounds", "该企业与服务机构存在共建关系，服务事项不应获得创新券支持，请核查。")
        self.shot("objection")
        page.get_by_role("button", name="提交异议").click()
        expect(self.messages()).to_be_visible()

    # --- payment
    # ------------------------------------------------------------------------------------

    def pay_batch(self, payer_region: str, period: str, tmp_path) -> None:
        """The finance officer makes this month's batch, exports it and imports the bank's
        results."""
        page = self.page
        page.get_by_role("link", name="资金管理").first.click()
        page.get_by_role("link", name="支付批次").click()
        page.select_option("select[name=payer_region]", payer_region)
        page.select_option("select[name=cadence]", "monthly")
        page.fill("input[name=period]", period)
        page.get_by_role("button", name="生成批次").click()
        expect(page).to_have_url(re.compile(r"/finance/batches/\d+/$"))
        with page.expect_download() as download:
            page.get_by_role("button", name="导出银行支付文件（CSV）").click()
        exported = download.value.path().read_text(encoding="utf-8-sig")
        from innovoucher.ledger.models import PaymentBatch

        batch = PaymentBatch.objects.get(payer_region=payer_region, period=period)
        lines = list(batch.lines.order_by("position"))
        assert lines and all(line.code in exported for line in lines), exported
        result = tmp_path / f"回执-{payer_region}.csv"
        result.write_text(
            "明细编号,结果,银行流水号\n"
            + "".join(f"{line.code},成功,B{line.pk:06d}\n" for line in lines),
            encoding="utf-8",
        )
        page.set_input_files("input[name=file]", str(result))
        page.get_by_role("button", name="导入并对账").click()
        expect(self.messages()).to_contain_text(f"到账 {len(lines)} 笔")
        expect(page.locator("main")).to_contain_text("已对账")
