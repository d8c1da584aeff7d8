"""Exports as background tasks (ADR 0029): asked for through one service (scoped, audited),
produced by the worker's task (immediate backend in tests: it runs after commit) with progress
every 500 rows, downloaded by the requester only, failed with a Chinese reason and retried,
deleted by the tick after their expiry."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from openpyxl import load_workbook

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core import audit, clock
from innovoucher.core.errors import NotFound, PermissionDenied, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.core.steps import run_tick
from innovoucher.exports import registry, runner
from innovoucher.exports.models import Export
from innovoucher.exports.registry import Exporter, Prepared
from innovoucher.exports.selectors import export_file_get
from innovoucher.exports.services import export_request, export_retry
from innovoucher.exports.states import ExportStatus
from innovoucher.exports.tasks import export_run
from testsupport import make_user

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


def _events(n: int) -> None:
    alice = make_user("alice-op")
    for i in range(n):
        audit.record(
            actor=alice,
            action="registry.organisation.review",
            object_type="registry.organisation",
            object_id=str(i),
            region_code="330602" if i % 2 else "640104",
        )


@pytest.fixture
def auditadmin():
    return make_user("auditadmin", Role.AUDIT_ADMIN, PLATFORM_REGION)


def _ask(actor, kind, **parameters) -> Export:
    """Ask as `actor`; the worker's task runs after commit (immediate backend)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        export = export_request(actor=actor, kind=kind, parameters=parameters)
    export.refresh_from_db()
    return export


def _sheet(export: Export) -> list[tuple]:
    with export.file.open("rb") as fh:
        return list(load_workbook(io.BytesIO(fh.read())).active.iter_rows(values_only=True))


def test_the_audit_log_export_holds_the_filtered_rows_and_is_audited(auditadmin):
    _events(40)
    export = _ask(auditadmin, "security.audit_log", region="640104", user="alice")
    assert export.status == ExportStatus.DONE, export.error
    rows = _sheet(export)
    assert rows[0][0] == "编号" and len(rows) == 1 + 20
    assert all(r[6] == "640104" and r[3] == "registry.organisation.review" for r in rows[1:])
    assert (export.done_rows, export.total_rows, export.percent) == (20, 20, 100)
    assert export.region_code == "640104" and "640104" in export.title
    assert export.filename.endswith(".xlsx") and export.size > 0
    assert export.expires_at == export.finished_at + dt.timedelta(days=7)
    actions = set(
        AuditEvent.objects.filter(object_id=str(export.pk)).values_list("action", flat=True)
    )
    assert {"exports.export.request", "exports.export.start", "exports.export.finish"} <= actions
    assert export_file_get(actor=auditadmin, pk=export.pk) == export


def test_progress_is_written_every_500_rows(auditadmin, monkeypatch):
    _events(1200)
    seen = []
    original = runner._reporter

    def spying(export):
        report = original(export)

        def spy(done, total):
            report(done, total)
            seen.append(Export.objects.values_list("done_rows", "total_rows").get(pk=export.pk))

        return spy

    monkeypatch.setattr(runner, "_reporter", spying)
    export = _ask(auditadmin, "security.audit_log", user="alice")
    total = 1200
    assert seen == [(0, total), (500, total), (1000, total), (total, total)]
    assert len(_sheet(export)) == 1 + total


def test_only_allowed_people_ask_and_only_the_requester_downloads(auditadmin):
    county = make_user("county-a", Role.COUNTY_REVIEWER, "640104")
    other = make_user("county-b", Role.COUNTY_REVIEWER, "330602")
    with pytest.raises(PermissionDenied):
        export_request(actor=county, kind="security.audit_log", parameters={})
    with pytest.raises(PermissionDenied):  # another region's statistics
        export_request(
            actor=other, kind="stats.chart", parameters={"chart": "funnel", "region": "640104"}
        )
    with pytest.raises(ValidationFailed) as caught:
        export_request(actor=county, kind="stats.chart", parameters={"chart": "nope"})
    assert caught.value.code == "export_parameters_invalid"
    with pytest.raises(ValidationFailed) as caught:
        export_request(actor=county, kind="nope", parameters={})
    assert caught.value.code == "export_kind_unknown"
    export = _ask(county, "stats.chart", chart="category", region="640104", year="2026")
    assert export.is_done and _sheet(export)[1][1] == "服务类别"
    assert not Export.objects.filter(requested_by=other).exists()
    for outsider in (other, auditadmin):
        with pytest.raises(NotFound):
            export_file_get(actor=outsider, pk=export.pk)


def test_the_worker_checks_the_requesters_rights_again(auditadmin):
    _events(3)
    export = export_request(actor=auditadmin, kind="security.audit_log", parameters={})
    RoleAssignment.objects.filter(user=auditadmin).update(active=False)
    assert export_run.enqueue(export.pk).return_value == ExportStatus.FAILED
    export.refresh_from_db()
    assert export.is_failed and export.error.startswith("您已无权导出这些数据")
    assert not export.file


def test_a_double_click_makes_one_export_and_a_person_queues_at_most_five(auditadmin):
    first = export_request(actor=auditadmin, kind="security.audit_log", parameters={})
    assert export_request(actor=auditadmin, kind="security.audit_log", parameters={}) == first
    for day in range(1, 5):
        export_request(
            actor=auditadmin, kind="security.audit_log", parameters={"date_from": f"2026-01-0{day}"}
        )
    with pytest.raises(Exception) as caught:
        export_request(actor=auditadmin, kind="security.audit_log", parameters={"user": "x"})
    assert caught.value.code == "export_too_many"


@pytest.fixture
def flaky(monkeypatch):
    """A registered exporter that fails the first time it runs."""
    calls = []

    def write(job):
        calls.append(job.parameters)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        job.progress(1, 1)
        return b"ok"

    exporter = Exporter(
        kind="tests.flaky",
        label="测试",
        roles=frozenset({Role.AUDIT_ADMIN}),
        prepare=lambda actor, p: Prepared(
            parameters={},
            region_code="640104",
            title="测试导出",
            filename="t.csv",
            content_type="text/csv",
        ),
        write=write,
    )
    monkeypatch.setitem(registry._EXPORTERS, exporter.kind, exporter)
    return calls


def test_a_failed_export_says_why_in_chinese_and_is_retried(auditadmin, flaky):
    export = _ask(auditadmin, "tests.flaky")
    assert export.is_failed and export.error == runner.INTERNAL_ERROR and not export.file
    stranger = make_user("stranger", Role.AUDIT_ADMIN, PLATFORM_REGION)
    with pytest.raises(PermissionDenied):
        export_retry(actor=stranger, export=export)
    with TestCase.captureOnCommitCallbacks(execute=True):
        export_retry(actor=auditadmin, export=export)
    export.refresh_from_db()
    assert export.is_done and export.attempts == 2 and export.error == ""
    assert export.file.read() == b"ok"
    assert [c.action for c in export.changes.all()] == ["start", "fail", "retry", "start", "finish"]


def test_the_tick_deletes_expired_files_and_fails_stalled_exports(auditadmin, flaky):
    flaky.append("first call already made")  # the exporter now succeeds
    with clock.frozen_now(NOW):
        export = _ask(auditadmin, "tests.flaky")
    name = export.file.name
    assert default_storage.exists(name)
    stalled = export_request(actor=auditadmin, kind="security.audit_log", parameters={})
    Export.objects.filter(pk=stalled.pk).update(
        status=ExportStatus.RUNNING, progress_at=NOW - dt.timedelta(hours=1)
    )
    steps = dict(run_tick(NOW + dt.timedelta(days=6)))
    assert steps["过期导出文件删除"] == 0 and steps["中断的导出任务标为失败"] == 1
    stalled.refresh_from_db()
    assert stalled.is_failed and "重新导出" in stalled.error
    steps = dict(run_tick(NOW + dt.timedelta(days=7, minutes=1)))
    assert steps["过期导出文件删除"] == 1
    export.refresh_from_db()
    assert export.is_expired and not export.file and not default_storage.exists(name)
    with pytest.raises(Exception) as caught:
        export_file_get(actor=auditadmin, pk=export.pk)
    assert caught.value.code == "export_expired"
    # the stalled one: kept 7 days after it failed (day 6), so that the requester sees why
    assert dict(run_tick(NOW + dt.timedelta(days=13, minutes=1)))["过期导出文件删除"] == 1
    assert dict(run_tick(NOW + dt.timedelta(days=14)))["过期导出文件删除"] == 0  # idempotent


def test_every_exporter_is_registered_by_its_app():
    kinds = set(registry.exporters())
    assert {"security.audit_log", "stats.chart", "stats.monthly", "evaluation.report"} <= kinds
    assert {
        Role.AUDIT_ADMIN,
        Role.COUNTY_REVIEWER,
        Role.FINANCE_OFFICER,
    } <= registry.exporter_roles()
