"""An official opens 统计分析 in a real Chromium: every chart renders (ECharts) next to its table,
and the Excel export of a chart (a background export) downloads with the table's figures."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from innovoucher.core import clock
from testsupport.otp import browser_login
from testsupport.world import PASSWORD, START

pytestmark = pytest.mark.browser
DAY = START["ningxia"] + dt.timedelta(days=10)


@pytest.fixture
def paid_year(transactional_db):
    """A Ningxia provider with three paid redemptions, reserved and paid through the ledger."""
    from innovoucher.evaluation.tests.support import paid_world
    from innovoucher.policies.services import policy_directory_import
    from innovoucher.workdays.services import (
        calendar_seed_chinesecalendar,
        work_calendar_invalidate,
    )

    policy_directory_import(actor=None)
    calendar_seed_chinesecalendar(years=[2025, 2026])
    work_calendar_invalidate()
    world = paid_world(subsidies=(5_000_000, 3_000_000, 2_000_000))
    yield world
    work_calendar_invalidate()


def test_dashboards_render_and_the_excel_downloads(live_server, paid_year, page, shot):
    world = paid_year
    with clock.frozen_now(DAY):
        browser_login(page, live_server.url, world.officials["province"].username, PASSWORD)
        expect(page.locator(".account")).to_contain_text("退出登录")
        page.get_by_role("link", name="统计分析", exact=True).first.click()
        expect(page.locator("h1")).to_contain_text("统计分析")
        for chart in ("funnel", "category", "provider", "processing", "budget"):
            expect(page.locator(f"#chart-{chart}")).to_have_attribute("data-rendered", "1")
            expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
        section = page.locator("#section-category")
        expect(section.locator("table")).to_contain_text("¥100,000.00")
        section.get_by_role("button", name="导出 Excel").click()  # a background export
        expect(page.locator("#export-progress")).to_contain_text("已完成")
        with page.expect_download() as info:
            page.get_by_role("link", name="下载文件").click()
        content = open(info.value.path(), "rb").read()
        ws = load_workbook(io.BytesIO(content)).active
        assert ws.cell(row=3, column=3).value == 3 and ws.cell(row=3, column=4).value == 100000.0
        page.go_back()
        shot("dashboard")
        page.locator("#section-provider table a").first.click()
        expect(page.locator("table.data tbody tr")).to_have_count(3)
