"""我的导出 pages and the API: the menu entry for every role that may export, the list, the
progress page polled with htmx (every 2 s while waiting), the download for the requester only,
the retry, and POST/GET /api/v1/exports."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.exports.models import Export
from innovoucher.exports.states import ExportStatus
from testsupport import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditadmin():
    return make_user("auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)


def _post(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/exports/request/", data)


def test_the_menu_shows_my_exports_to_those_who_may_export(client, auditadmin):
    client.force_login(auditadmin)
    assert 'href="/exports/"' in client.get("/").content.decode()
    client.force_login(make_user("finance", Role.FINANCE_OFFICER, "640000"))
    assert 'href="/exports/"' in client.get("/").content.decode()
    client.force_login(make_user("firm-user"))
    assert 'href="/exports/"' not in client.get("/").content.decode()


def test_ask_follow_and_download_from_the_audit_log_page(
    client, auditadmin, django_capture_on_commit_callbacks
):
    client.force_login(auditadmin)
    page = client.get("/security/audit-log/", {"region": "640104"}).content.decode()
    assert 'action="/exports/request/"' in page and 'name="region" value="640104"' in page
    response = _post(
        client,
        {"kind": "security.audit_log", "region": "640104"},
        django_capture_on_commit_callbacks,
    )
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{export.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "下载文件" in html and "hx-trigger" not in html
    download = client.get(f"/exports/{export.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0][0] == "编号"
    listing = client.get("/exports/").content.decode()
    assert f'href="/exports/{export.pk}/download/"' in listing and "审计日志" in listing
    assert client.get("/exports/?sort=-status").status_code == 200
    other = make_user("other-admin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    client.force_login(other)
    for url in (
        f"/exports/{export.pk}/",
        f"/exports/{export.pk}/download/",
        f"/exports/{export.pk}/progress/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_progress_page_polls_while_waiting_and_offers_a_retry_on_failure(client, auditadmin):
    client.force_login(auditadmin)
    client.post("/exports/request/", {"kind": "security.audit_log"})  # not run: no commit hook
    export = Export.objects.get()
    html = client.get(f"/exports/{export.pk}/").content.decode()
    assert f'hx-get="/exports/{export.pk}/progress/"' in html and 'hx-trigger="every 2s"' in html
    assert client.get(f"/exports/{export.pk}/download/").status_code == 409
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error="后台出错")
    html = client.get(f"/exports/{export.pk}/progress/").content.decode()
    assert "后台出错" in html and f'action="/exports/{export.pk}/retry/"' in html
    assert "hx-trigger" not in html
    assert client.post(f"/exports/{export.pk}/retry/").status_code == 302
    export.refresh_from_db()
    assert export.is_queued


def test_bad_requests_get_a_clear_answer(client, auditadmin):
    client.force_login(make_user("county", Role.COUNTY_REVIEWER, "640104"))
    assert client.post("/exports/request/", {"kind": "security.audit_log"}).status_code == 403
    assert client.get("/exports/request/").status_code == 405
    response = client.post("/exports/request/", {"kind": "nope", "next": "/stats/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/stats/"
    assert "没有这种导出" in response.content.decode()


def test_the_api_asks_and_follows(client, auditadmin, django_capture_on_commit_callbacks):
    client.force_login(auditadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/exports",
            {"kind": "security.audit_log", "parameters": {"region": "640104"}},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    detail = client.get(f"/api/v1/exports/{body['id']}").json()
    assert (
        detail["status"] == "done" and detail["download_url"] == f"/exports/{body['id']}/download/"
    )
    assert client.get("/api/v1/exports").json()["count"] == 1
    bad = client.post("/api/v1/exports", {"kind": "nope"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "export_kind_unknown"
    client.force_login(make_user("county", Role.COUNTY_REVIEWER, "640104"))
    assert client.get(f"/api/v1/exports/{body['id']}").json()["code"] == "export_not_found"
    denied = client.post(
        "/api/v1/exports", {"kind": "security.audit_log"}, content_type="application/json"
    )
    assert denied.status_code == 403
