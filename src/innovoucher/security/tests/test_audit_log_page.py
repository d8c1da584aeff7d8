"""安全审计: the audit log is read in a page by the audit administrator only (filters,
pagination, Excel export in the background); the system and security administrators, the
superuser and business roles get 403."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core import audit
from innovoucher.core.models import AuditEvent
from testsupport import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    alice = make_user("alice-op")
    for i in range(60):
        audit.record(
            actor=alice,
            action="registry.organisation.review",
            object_type="registry.organisation",
            object_id=str(i),
            region_code="330602" if i % 2 else "640104",
        )
    audit.record(
        actor=None, action="ledger.budget.create", object_type="ledger.budget", object_id="7"
    )
    return alice


@pytest.fixture
def auditadmin():
    return make_user("auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)


def test_audit_admin_reads_filters_and_pages(client, events, auditadmin):
    client.force_login(auditadmin)
    html = client.get("/").content.decode()
    assert 'href="/security/audit-log/"' in html  # in the navigation
    html = client.get("/security/audit-log/").content.decode()
    assert "审计日志" in html and "第 1 / " in html
    html = client.get("/security/audit-log/", {"obj": "ledger.budget"}).content.decode()
    assert "ledger.budget.create" in html and "registry.organisation.review" not in html
    html = client.get("/security/audit-log/", {"obj": "registry.organisation:5"}).content.decode()
    assert "registry.organisation:5<" in html and "registry.organisation:7<" not in html
    page = client.get("/security/audit-log/", {"region": "330600", "user": "alice"})
    rows = page.context["page"]
    assert rows.paginator.count == 30 and all(e.region_code == "330602" for e in rows)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    empty = client.get("/security/audit-log/", {"date_from": tomorrow}).context["page"]
    assert empty.paginator.count == 0
    html = client.get(
        "/security/audit-log/", {"date_from": tomorrow, "date_to": "2020-01-01"}
    ).content.decode()
    assert "截止日期不能早于起始日期" in html
    assert client.get("/security/audit-log/", {"page": "999"}).status_code == 200


def test_excel_export_runs_in_the_background_and_is_itself_audited(
    client, events, auditadmin, django_capture_on_commit_callbacks
):
    client.force_login(auditadmin)
    page = client.get("/security/audit-log/", {"region": "640104"}).content.decode()
    assert 'value="security.audit_log"' in page and 'name="region" value="640104"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/request/", {"kind": "security.audit_log", "region": "640104", "user": "alice"}
        )
    assert response.status_code == 302
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 1 + 30
    assert all(r[6] == "640104" for r in rows[1:])
    assert AuditEvent.objects.filter(action="exports.export.request", actor=auditadmin).exists()


@pytest.mark.parametrize(
    "who", ["system_admin", "security_admin", "superuser", "county_reviewer", "auditor"]
)
def test_nobody_else_reads_the_audit_log(client, events, who):
    if who == "superuser":
        user = make_user("root")
        user.__class__.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    elif who in ("county_reviewer",):
        user = make_user("u-" + who, Role(who), "330602")
    elif who == "auditor":
        user = make_user("u-auditor", Role.AUDIT_ADMIN.__class__("auditor"), "330000")
    else:
        user = make_user("u-" + who, Role(who), PLATFORM_REGION)
    client.force_login(user)
    assert client.get("/security/audit-log/").status_code == 403
    assert client.post("/exports/request/", {"kind": "security.audit_log"}).status_code == 403
    assert 'href="/security/audit-log/"' not in client.get("/").content.decode()
