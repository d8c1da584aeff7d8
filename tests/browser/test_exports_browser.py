"""The audit administrator asks for the audit log in Excel in a real Chromium: the export is
queued in the database queue, the progress page (htmx, every 2 s) shows it waiting, the worker
runs it, the page turns to 已完成 with the download button by itself, and the file holds the
filtered rows."""

from __future__ import annotations

import io

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from openpyxl import load_workbook
from playwright.sync_api import expect

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core import audit
from testsupport import make_user
from testsupport.otp import browser_login
from testsupport.world import PASSWORD

pytestmark = pytest.mark.browser
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings, transactional_db):
    settings.TASKS = DATABASE_QUEUE


def _drain() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-worker",
        excluded_queue_names=[],
    ).run()


def test_the_audit_log_export_is_followed_and_downloaded(live_server, queue, page, shot):
    admin = make_user("auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    clerk = make_user("clerk-op")
    for i in range(30):
        audit.record(
            actor=clerk,
            action="registry.organisation.review",
            object_type="registry.organisation",
            object_id=str(i),
            region_code="640104" if i % 3 else "330602",
        )
    browser_login(page, live_server.url, admin.username, PASSWORD)
    page.goto(f"{live_server.url}/security/audit-log/?region=640104&user=clerk")
    page.locator("#audit-export").get_by_role("button", name="导出Excel").click()
    progress = page.locator("#export-progress")
    expect(page.locator("h1")).to_contain_text("导出进度")
    expect(progress).to_contain_text("排队中")
    shot("queued")
    _drain()  # the worker runs the export; the page learns it from its own polling
    expect(progress).to_contain_text("已完成", timeout=10_000)
    expect(progress).to_contain_text("20 / 20")
    with page.expect_download() as info:
        progress.get_by_role("link", name="下载文件").click()
    assert info.value.suggested_filename.startswith("audit-log-")
    rows = list(load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active.values)
    assert rows[0][0] == "编号" and len(rows) == 1 + 20
    assert {r[6] for r in rows[1:]} == {"640104"}
    shot("done")
    page.get_by_role("link", name="我的导出").first.click()
    expect(page.locator("#exports tbody tr")).to_have_count(1)
    expect(page.locator("#exports")).to_contain_text("已完成")
