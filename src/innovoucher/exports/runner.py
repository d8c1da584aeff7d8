"""The worker's side of an export: run the exporter, report progress, store the file.

`export_run(pk)` is what the `export_run` task (tasks.py) calls. It is idempotent: an export no
longer queued is left alone, so a task delivered twice produces one file. The requester's right
to the data is checked again before anything is read (the exporter's `prepare`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from innovoucher.core import clock
from innovoucher.core.errors import DomainError, NotFound, PermissionDenied
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.exports.lifecycles import EXPORT
from innovoucher.exports.models import Export, export_path
from innovoucher.exports.registry import ExportJob, exporter_get
from innovoucher.exports.states import ExportStatus

log = logging.getLogger("innovoucher.exports")
INTERNAL_ERROR = "生成文件时发生内部错误，请点击“重新导出”再试；如仍失败，请联系平台运营机构"


def _reporter(export: Export):
    def report(done: int, total: int) -> None:
        Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            done_rows=done, total_rows=total, progress_at=clock.now()
        )

    return report


def expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.INNOVOUCHER_EXPORT_DAYS)


def export_fail(export: Export, message: str, **audit_data) -> str:
    now = clock.now()
    transition_apply(
        EXPORT,
        actor=None,
        obj=export,
        action="fail",
        by=SYSTEM,
        values={"error": message[:300], "finished_at": now, "expires_at": expiry(now)},
        audit_data={"error": message[:300], **audit_data},
    )
    return ExportStatus.FAILED


def _write(export: Export) -> bytes:
    exporter = exporter_get(export.kind)
    try:
        exporter.prepare(export.requested_by, export.parameters)
    except (PermissionDenied, NotFound) as exc:
        raise PermissionDenied(f"您已无权导出这些数据：{exc.message}") from exc
    job = ExportJob(
        actor=export.requested_by,
        parameters=export.parameters,
        region_code=export.region_code,
        report=_reporter(export),
    )
    return exporter.write(job)


def export_run(pk: int) -> str:
    """Produce the file of export `pk`; returns the final status."""
    export = Export.objects.select_related("requested_by").filter(pk=pk).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return export.status if export else "missing"
    now = clock.now()
    export = transition_apply(
        EXPORT,
        actor=None,
        obj=export,
        action="start",
        by=SYSTEM,
        values={
            "started_at": now,
            "progress_at": now,
            "done_rows": 0,
            "total_rows": 0,
            "error": "",
            "attempts": export.attempts + 1,
        },
    )
    try:
        content = _write(export)
    except DomainError as exc:
        return export_fail(export, exc.message, code=exc.code)
    except Exception:  # a bug in an exporter must not leave the export running for ever
        log.exception("导出 %s（%s）失败", export.pk, export.kind)
        return export_fail(export, INTERNAL_ERROR)
    name = default_storage.save(export_path(export.filename, now), ContentFile(content))
    done = clock.now()
    export.refresh_from_db(fields=["done_rows", "total_rows"])
    try:
        transition_apply(
            EXPORT,
            actor=None,
            obj=export,
            action="finish",
            by=SYSTEM,
            values={
                "file": name,
                "size": len(content),
                "finished_at": done,
                "expires_at": expiry(done),
                "done_rows": export.total_rows,
            },
            audit_data={"rows": export.total_rows, "bytes": len(content)},
        )
    except DomainError:
        default_storage.delete(name)  # moved meanwhile (the tick failed it as stalled)
        raise
    return ExportStatus.DONE
