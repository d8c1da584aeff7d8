"""Supervision in a real Chromium (Urumqi): the city bureau draws a spot check of paid
redemptions → starts it → records a finding with an evidence upload → concludes "recover" → the
clawback notice (amount, 30-day deadline of art. 20) → records the repayment → imposes the ban
from the check → the ban spreads to the sister firm of the same actual controller, the path shown
→ the banned firm's and the sister firm's next redemption applications are refused with the
article and the end date. The paid redemption and the controller graph are set up through the
services (the lifecycle journeys drive those pages already)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from innovoucher.redemptions.states import RedemptionStatus as RS
from innovoucher.supervision.domain import add_years, cn_date
from innovoucher.supervision.models import Clawback, Sanction
from innovoucher.supervision.tests.support import controller_graph, paid_redemption
from innovoucher.supervision.tests.test_hooks import delivered_order

from .lifecycle_pages import Pages, at, pick_region

pytestmark = pytest.mark.browser


@pytest.fixture
def supervision_env(transactional_db):
    from innovoucher.policies.services import policy_directory_import
    from innovoucher.regions.services import region_table_load
    from innovoucher.workdays.services import (
        calendar_seed_chinesecalendar,
        work_calendar_invalidate,
    )

    policy_directory_import(actor=None)
    region_table_load()  # the forms' region pickers list GB/T 2260, as setup_platform loads it
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    yield
    work_calendar_invalidate()


def _apply_refused(ui: Pages, order, end: str) -> None:
    page = ui.page
    ui.nav("兑付申请")
    page.get_by_role("row", name=re.compile(order.number)).get_by_role(
        "link", name="申请兑付"
    ).click()
    if page.locator("#id_invoice_number").count():
        page.fill("#id_invoice_number", f"FP{order.pk:08d}")
        page.fill("#id_invoice_amount", "100000.00")
        page.fill("#id_invoice_issued_on", order.delivered_on.isoformat())
        for name in ("contract", "invoice", "payment_proof", "result_report"):
            if page.locator(f"input[name={name}]").count():
                page.set_input_files(f"input[name={name}]", str(ui.pdf))
        page.get_by_role("button", name="提交申请（自动初审）").click()
    main = page.locator("main")
    expect(main).to_contain_text("第二十条")
    expect(main).to_contain_text(end)


def test_spot_check_clawback_ban_refuses_firm_and_sister(
    supervision_env, page, live_server, tmp_path, shot
):
    world, j, day = paid_redemption("urumqi")
    assert j.redemption.status == RS.PAID
    with at(day):
        _, sister, sister_user, _ = controller_graph(world)
        own = delivered_order(world, world.applicant, world.applicant_user)
        theirs = delivered_order(world, sister, sister_user)
    ui = Pages(page, live_server.url, tmp_path, shot)
    official = world.officials["city"]
    with at(day):
        # 1. The city bureau draws a reproducible random sample of the quarter's redemptions.
        ui.login(official)
        ui.nav("监督检查")
        page.locator("main .breadcrumbs").get_by_role("link", name="抽查").click()
        page.select_option("#d-family", "urumqi")
        pick_region(page, "id_region_code", world.city)
        page.fill("#d-from", (day - dt.timedelta(days=90)).isoformat())
        page.fill("#d-to", day.isoformat())
        page.fill("#d-seed", "2026")
        page.get_by_role("button", name="抽取").click()
        expect(ui.messages()).to_contain_text("抽取 1 笔")
        expect(page.locator("main")).to_contain_text("随机种子 2026")
        shot("sample")
        # 2. The check: start, a finding with its evidence, the outcome "recover".
        page.get_by_role("link", name=re.compile(r"^CK")).click()
        page.get_by_role("button", name="开始检查").click()
        page.fill("#f-text", "服务报告系伪造，服务未实际发生")
        page.fill("#f-amount", "50000.00")
        page.set_input_files("#f-evidence", str(ui.pdf))
        page.get_by_role("button", name="记录检查发现").click()
        expect(page.locator("main")).to_contain_text("服务报告系伪造")
        page.select_option("#c-outcome", "recover")
        page.fill("#c-text", "虚构服务项目，追回补助资金")
        page.get_by_role("button", name="作出结论").click()
        expect(ui.messages()).to_contain_text("处理结论已作出")
        shot("check-concluded")
        # 3. The clawback notice: amount, the 30-day deadline, the voucher withdrawn; repayment.
        clawback = Clawback.objects.get()
        page.get_by_role("link", name=clawback.number).click()
        main = page.locator("main")
        expect(main).to_contain_text("¥50,000.00")
        expect(main).to_contain_text(cn_date(day + dt.timedelta(days=30)))
        expect(main).to_contain_text("第二十条")
        expect(main).to_contain_text("已收回")
        page.fill("#r-ref", "JK-2026-001")
        page.get_by_role("button", name="登记缴回").click()
        expect(main).to_contain_text("已缴回")
        shot("clawback-repaid")
        # 4. The ban, from the check; it follows the controller to the sister firm.
        page.get_by_role("link", name=clawback.spot_check.number).click()
        page.get_by_role("button", name="实施惩戒").click()
        expect(ui.messages()).to_contain_text("关联主体同样适用")
        expect(main).to_contain_text(sister.name)
        expect(main).to_contain_text("控股 80.00%")
        shot("sanction")
    j.redemption.refresh_from_db()
    assert j.redemption.status == RS.RECOVERED
    assert Sanction.objects.filter(organisation=sister, derived_from__isnull=False).exists()
    end = cn_date(add_years(day, 5) - dt.timedelta(days=1))
    with at(day + dt.timedelta(days=1)):
        # 5. The banned firm's and the sister firm's next applications are refused.
        ui.login(world.applicant_user)
        _apply_refused(ui, own, end)
        shot("firm-refused")
        ui.login(sister_user)
        _apply_refused(ui, theirs, end)
        shot("sister-refused")


def test_dishonesty_list_import_and_a_published_bulletin(
    supervision_env, page, live_server, tmp_path, shot
):
    """Liaocheng: the county bureau imports a 信用中国 list — a bad row is reported by line and
    nothing kept; corrected, it matches the registered provider and records its credit fact —
    then the city bureau drafts the art. 22 通报 of low use, publishes it, and the public reads it
    (and its PDF) on the portal's supervision page."""
    from testsupport.world import START, build_world

    day = START["liaocheng"]
    with at(day):
        world = build_world("liaocheng", funded=False)
    ui = Pages(page, live_server.url, tmp_path, shot)
    page.on("dialog", lambda dialog: dialog.accept())
    header = "统一社会信用代码,名称,列入日期,列入原因\n"
    good = f"{world.provider.uscc},{world.provider.name},2025-01-05,虚假检测报告\n"
    bad_file, good_file = tmp_path / "失信名单有误.csv", tmp_path / "失信名单.csv"
    bad_file.write_text(header + good + "91371500XXXXXXXXXX,错码公司,2025-01-06,\n", "utf-8")
    good_file.write_text(header + good, "utf-8")
    with at(day):
        ui.login(world.officials["county"])
        ui.nav("监督检查")
        page.locator("main .breadcrumbs").get_by_role("link", name="失信名单导入").click()
        for path in (bad_file, good_file):
            pick_region(page, "id_region_code", world.county)
            page.select_option("#c-kind", "dishonest")
            page.set_input_files("#c-file", str(path))
            page.get_by_role("button", name="上传并导入").click()
            if path == bad_file:
                expect(page.locator("#import-progress")).to_contain_text("第3行")
                expect(page.locator("#import-progress")).to_contain_text("整份名单未导入")
                shot("credit-import-rejected")
                page.locator("main .breadcrumbs").get_by_role("link", name="失信名单导入").click()
        progress = page.locator("#import-progress")
        expect(progress).to_contain_text("已导入")
        expect(progress).to_contain_text(world.provider.name)
        expect(progress).to_contain_text("2025年1月5日")
        shot("credit-import-done")
        # The city bureau's 通报 of the quarter.
        ui.login(world.officials["city"])
        ui.nav("监督检查")
        page.locator("main .breadcrumbs").get_by_role("link", name="通报").click()
        page.select_option("#b-family", "liaocheng")
        pick_region(page, "id_region_code", world.city)
        page.fill("#b-from", "2025-01-01")
        page.fill("#b-to", "2025-03-01")
        page.get_by_role("button", name="生成通报草稿").click()
        main = page.locator("main")
        expect(main).to_contain_text("第二十二条")
        expect(main).to_contain_text(world.provider.name)
        page.get_by_role("button", name="发布通报").click()
        expect(ui.messages()).to_contain_text("通报已发布")
        shot("bulletin-published")
        page.context.clear_cookies()
        page.goto(live_server.url + "/")
        page.locator("footer").get_by_role("link", name="监督公开").click()
        page.get_by_role("link", name=re.compile("创新券工作情况的通报")).click()
        expect(page.locator("main")).to_contain_text(world.provider.name)
        href = page.locator("main").get_by_role("link", name="PDF").get_attribute("href")
        pdf = page.request.get(live_server.url + href)
        assert pdf.headers["content-type"] == "application/pdf" and pdf.body()[:5] == b"%PDF-"
        shot("bulletin-public")
