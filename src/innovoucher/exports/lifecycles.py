"""The lifecycle of an export (core.lifecycle): its table is `states.TRANSITIONS`."""

from __future__ import annotations

from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import SYSTEM, Lifecycle
from innovoucher.exports import states
from innovoucher.exports.models import Export, ExportChange


def authorize(actor, obj, transition) -> None:
    """Only the requester retries their export; the worker and the tick move the rest."""
    if transition.by != SYSTEM and getattr(actor, "pk", None) != obj.requested_by_id:
        raise PermissionDenied("只有导出的申请人可以重新导出")


EXPORT = Lifecycle(
    app="exports",
    entity="export",
    noun="导出",
    model=Export,
    statuses=states.ExportStatus,
    table=states.TRANSITIONS,
    change_model=ExportChange,
    change_fk="export",
    authorize=authorize,
    reasons_field=None,
    system_message="由后台任务办理",
)
