"""Reads of the exports. An export is the requester's own: nobody else lists or downloads it
(ADR 0029), and a download re-checks that the requester may still read the data."""

from __future__ import annotations

from django.db.models import QuerySet

from innovoucher.core.errors import Conflict, NotFound
from innovoucher.exports.codes import Code
from innovoucher.exports.models import Export
from innovoucher.exports.registry import exporter_get


def export_list_for_requester(*, actor) -> QuerySet[Export]:
    """The actor's exports, newest first."""
    if not getattr(actor, "is_authenticated", False):
        return Export.objects.none()
    return Export.objects.filter(requested_by=actor).order_by("-id")


def export_get(*, actor, pk) -> Export:
    export = export_list_for_requester(actor=actor).filter(pk=pk).first()
    if export is None:
        raise NotFound("导出不存在，或不是您申请的导出", code=Code.EXPORT_NOT_FOUND)
    return export


def export_file_get(*, actor, pk) -> Export:
    """The export whose file `actor` may download now: theirs, done, not yet deleted, and still
    within what they may read (the exporter's `prepare` checks their roles again)."""
    export = export_get(actor=actor, pk=pk)
    if export.is_expired:
        raise Conflict("导出文件已过期删除，请重新导出", code=Code.EXPORT_EXPIRED)
    if not export.is_done or not export.file:
        raise Conflict("文件尚未生成完毕，请稍候", code=Code.EXPORT_NOT_READY)
    exporter_get(export.kind).prepare(actor, export.parameters)
    return export
