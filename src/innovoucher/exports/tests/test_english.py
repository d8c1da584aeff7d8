"""The exports pages in English: 我的导出 and the progress page in each state (queued, done,
failed, expired). Titles and failure reasons typed in Chinese stay inside lang="zh-Hans"."""

import pytest
from django.test import Client, TestCase

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core import audit
from innovoucher.exports.models import Export
from innovoucher.exports.services import export_request
from innovoucher.exports.states import ExportStatus
from testsupport import make_user
from testsupport.english import english_problems, switch_to_english, untranslated

pytestmark = pytest.mark.django_db


def test_export_pages_in_english():
    admin = make_user("auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    audit.record(actor=admin, action="registry.organisation.review", region_code="640104")
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = export_request(actor=admin, kind="security.audit_log", parameters={})
    waiting = [
        export_request(actor=admin, kind="security.audit_log", parameters={"user": name})
        for name in ("a", "b", "c")
    ]
    Export.objects.filter(pk=waiting[1].pk).update(status=ExportStatus.FAILED, error="磁盘已满")
    Export.objects.filter(pk=waiting[2].pk).update(status=ExportStatus.EXPIRED)
    client = Client()
    switch_to_english(client)
    client.force_login(admin)
    urls = ["/exports/", "/exports/?sort=kind", "/security/audit-log/"]
    for e in (done, *waiting):
        urls.append(f"/exports/{e.pk}/")
    problems = english_problems(client, urls)
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())
    for e in (done, *waiting):  # the htmx fragment: no page of its own
        assert not untranslated(client.get(f"/exports/{e.pk}/progress/").content.decode())
    page = client.get(f"/exports/{done.pk}/").content.decode()
    assert "Download the file" in page and "My exports" in page
