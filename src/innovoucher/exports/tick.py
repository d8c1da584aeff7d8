"""Time-based steps of the exports: delete the files past their expiry, fail an export whose
worker stopped (no progress for INNOVOUCHER_EXPORT_STALL_MINUTES)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import default_storage

from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.exports.lifecycles import EXPORT
from innovoucher.exports.models import Export
from innovoucher.exports.runner import export_fail
from innovoucher.exports.states import ExportStatus

STALLED = "导出任务中断（后台进程已停止），请点击“重新导出”"


def exports_expire_due(moment) -> int:
    """Done and failed exports past `expires_at`: the file is deleted, the export reads 已过期."""
    due = Export.objects.filter(
        status__in=(ExportStatus.DONE, ExportStatus.FAILED), expires_at__lte=moment
    )
    count = 0
    for export in due.order_by("id"):
        name = export.file.name
        try:
            transition_apply(
                EXPORT,
                actor=None,
                obj=export,
                action="expire",
                by=SYSTEM,
                values={"file": ""},
                audit_data={"file": name},
            )
        except Conflict:
            continue  # retried meanwhile: its file is replaced by the next run
        if name:
            default_storage.delete(name)
        count += 1
    return count


def exports_fail_stalled(moment) -> int:
    limit = moment - dt.timedelta(minutes=settings.INNOVOUCHER_EXPORT_STALL_MINUTES)
    stalled = Export.objects.filter(status=ExportStatus.RUNNING, progress_at__lt=limit)
    count = 0
    for export in stalled.order_by("id"):
        try:
            export_fail(export, STALLED)
        except Conflict:
            continue  # it finished meanwhile
        count += 1
    return count


TICK_STEPS = [
    (940, "中断的导出任务标为失败", exports_fail_stalled),
    (950, "过期导出文件删除", exports_expire_due),
]
