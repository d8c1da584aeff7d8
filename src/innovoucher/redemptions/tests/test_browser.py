"""In a real Chromium: a Shanxi firm applies for redemption from its order inside the call's
window, the provider confirms, the city and the province approve — the application goes to
publicity. Screenshots of each page are kept."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.policies.services import policy_directory_import
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.tests.intake_support import make_order, open_call, world_for
from innovoucher.workdays.services import calendar_seed_chinesecalendar, work_calendar_invalidate
from testsupport.world import PASSWORD, PDF, START

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_world(transactional_db):
    policy_directory_import(actor=None)
    calendar_seed_chinesecalendar(years=[2026])
    work_calendar_invalidate()
    with clock.frozen_now(START["shanxi"]):
        w = world_for("shanxi")
        open_call(w)
        w.order = make_order(w)
        yield w
    work_calendar_invalidate()


@pytest.fixture
def snap(page, request):
    folder = Path(os.environ.get("INNOVOUCHER_VAR_DIR", "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(
        path=str(folder / f"{request.node.name}-{name}.png"), full_page=True
    )


def _login(page, base, user):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/?next=/redemptions/mine/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_firm_applies_provider_confirms_officials_approve(
    live_server, page, browser_world, snap, tmp_path
):
    w, base = browser_world, live_server.url
    pdf = tmp_path / "材料.pdf"
    pdf.write_bytes(PDF)
    _login(page, base, w.applicant_user)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="兑付申请").click()
    expect(page.locator("main")).to_contain_text(w.order.number)
    page.get_by_role("link", name="申请兑付").first.click()
    page.fill("input[name=invoice_number]", "26140000555566667777")
    page.fill("input[name=invoice_amount]", "100000.00")
    page.fill("input[name=invoice_issued_on]", (clock.today() - dt.timedelta(days=3)).isoformat())
    page.set_input_files("input[name=contract]", str(pdf))
    page.get_by_role("button", name="提交申请（自动初审）").click()
    expect(page.locator("#checks")).to_contain_text("缺少以下材料")
    expect(page.locator("input[name=invoice_number]")).to_have_value("26140000555566667777")
    snap("refused")
    for name in ("contract", "invoice", "payment_proof", "result_report"):
        page.set_input_files(f"input[name={name}]", str(pdf))
    page.get_by_role("button", name="提交申请（自动初审）").click()
    expect(page.locator(".messages")).to_contain_text("等待服务机构在系统中确认")
    snap("submitted")

    _login(page, base, w.provider_user)
    r = Redemption.objects.get()
    page.goto(f"{base}/redemptions/{r.pk}/")
    page.get_by_role("button", name="确认服务事项").click()
    expect(page.locator("h1")).to_contain_text("审核中")

    for level in ("city", "province"):
        _login(page, base, w.officials[level])
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="兑付审核").click()
        expect(page.locator("main")).to_contain_text(r.number)
        snap(f"queue-{level}")
        page.get_by_role("link", name=r.number).first.click()
        page.fill("textarea[name=opinion]", "材料齐全，同意")
        page.get_by_role("button", name="提交审核结论").click()
        expect(page.locator(".messages")).to_contain_text("审核通过")
    snap("passed")
    r.refresh_from_db()
    assert r.status == "publicity"
