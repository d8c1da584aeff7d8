"""Asking for an export and asking again after a failure. One transaction and one audit event
each; the worker's task is enqueued after commit. The requester must be allowed to read the data
(the exporter's `prepare`, through the owning app's region-scoped checks); the worker checks
again when it runs (runner.py)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, PermissionDenied
from innovoucher.core.lifecycle import transition_apply
from innovoucher.exports import tasks
from innovoucher.exports.codes import Code
from innovoucher.exports.lifecycles import EXPORT
from innovoucher.exports.models import Export
from innovoucher.exports.registry import exporter_get
from innovoucher.exports.runner import export_fail
from innovoucher.exports.states import REQUESTER, WAITING

log = logging.getLogger("innovoucher.exports")
MAX_WAITING = 5  # exports of one person queued or running at once
QUEUE_DOWN = "后台任务队列暂时无法使用，导出未能开始；请稍后点击“重新导出”"


def _enqueue(pk: int) -> None:
    try:
        tasks.export_run.enqueue(pk)
    except Exception:  # Redis down, a full disk: say so on the export instead of a 500
        log.exception("导出 %s 无法入队", pk)
        export = Export.objects.filter(pk=pk, status__in=WAITING).first()
        if export is not None:
            export_fail(export, QUEUE_DOWN)


def export_request(*, actor, kind: str, parameters: Mapping | None = None) -> Export:
    """Queue an export of `kind` with `parameters` for `actor`. The same export already waiting
    is returned instead of a second one (a double click makes one file)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录")
    exporter = exporter_get(kind)
    prepared = exporter.prepare(actor, dict(parameters or {}))
    mine = Export.objects.filter(requested_by=actor, status__in=WAITING)
    same = mine.filter(kind=exporter.kind, parameters=prepared.parameters).first()
    if same is not None:
        return same
    if mine.count() >= MAX_WAITING:
        raise Conflict(
            f"您已有 {MAX_WAITING} 个导出正在排队或生成，请等其完成后再导出",
            code=Code.EXPORT_TOO_MANY,
        )
    with transaction.atomic():
        export = Export.objects.create(
            kind=exporter.kind,
            parameters=prepared.parameters,
            title=prepared.title[:200],
            region_code=prepared.region_code,
            requested_by=actor,
            filename=prepared.filename[:120],
            content_type=prepared.content_type,
            created_at=clock.now(),
        )
        audit.record(
            actor=actor,
            action="exports.export.request",
            obj=export,
            region_code=export.region_code,
            data={"kind": export.kind, "parameters": export.parameters, "title": export.title},
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def export_retry(*, actor, export: Export) -> Export:
    """Queue a failed export again (its requester only, still allowed to read the data)."""
    exporter_get(export.kind).prepare(actor, export.parameters)
    with transaction.atomic():
        export = transition_apply(
            EXPORT,
            actor=actor,
            obj=export,
            action="retry",
            by=REQUESTER,
            values={"error": "", "done_rows": 0, "total_rows": 0, "finished_at": None},
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export
