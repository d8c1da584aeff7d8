"""In a real Chromium: a citizen finds a publicity list from the navigation and objects; the
province's official decides the objection; after re-deliberation and the next list, the firm
reads and downloads its 批复 and sees the money reserved."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from innovoucher.core import clock
from innovoucher.redemptions.models import Objection
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from testsupport import PASSWORD, make_user
from testsupport.world import START

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shot(page, request):
    """Save a full-page screenshot under $INNOVOUCHER_VAR_DIR/screenshots/ (as tests/browser
    does)."""
    folder = Path(os.environ.get("INNOVOUCHER_VAR_DIR", "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return lambda name: page.screenshot(
        path=str(folder / f"{request.node.name}-{name}.png"), full_page=True
    )


def _login(page, live_server, username: str, next_url: str = "/") -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()


def test_objection_decision_and_approval_in_the_browser(live_server, page, shot):
    world = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=1_234_560))
    publicity = r.publicity_items.get().publicity
    make_user("browser-citizen")
    with clock.frozen_now(publicity.starts_on + dt.timedelta(days=1)):
        _login(page, live_server, "browser-citizen")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="公示公告").click()
        page.get_by_role("link", name=publicity.title).click()
        expect(page.locator("main")).to_contain_text(world.applicant.name)
        shot("publicity")
        form = page.locator("main form")
        form.locator("select[name=item]").select_option(index=1)
        form.locator("input[name=objector_name]").fill("王五")
        form.locator("input[name=contact]").fill("13900001234")
        form.locator("textarea[name=grounds]").fill(
            "该企业与服务机构存在关联关系，合同金额明显虚高。"
        )
        form.get_by_role("button", name="提交异议").click()
        expect(page.locator(".messages")).to_contain_text("异议已提交")
        expect(page.locator("main table")).to_contain_text("有异议，重新审议")

        page.context.clear_cookies()
        _login(
            page,
            live_server,
            world.officials["province"].username,
            "/redemptions/publicity/manage/",
        )
        page.get_by_role("link", name=f"{world.applicant.name}（{r.number}）").click()
        page.get_by_label("异议不成立").check()
        page.fill("textarea[name=resolution]", "经核查，双方无关联关系，合同价格合理，异议不成立。")
        shot("decide")
        page.get_by_role("button", name="保存处理意见").click()
        expect(page.locator(".messages")).to_contain_text("已答复异议人")
        r = pass_review(world, r)  # the re-deliberation approves: the next list
    assert Objection.objects.get().status == "dismissed"
    second = r.publicity_items.get(status="listed").publicity
    tick(second.ends_on + dt.timedelta(days=1))
    with clock.frozen_now(second.ends_on + dt.timedelta(days=1)):
        page.context.clear_cookies()
        _login(page, live_server, world.applicant_user.username)
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="批复文件").click()
        page.get_by_role("link", name="关于下达山西省科技创新券兑付资金的批复").first.click()
        expect(page.locator("main")).to_contain_text("12,345.60")
        shot("approval")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载批复 PDF").click()
        assert download.value.suggested_filename.endswith(".pdf")
        page.get_by_role("link", name="待拨付").click()
        expect(page.locator(".payment-panel")).to_contain_text("已预留")
        shot("payment")
