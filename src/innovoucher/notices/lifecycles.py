"""The lifecycle of a notice, declared once for the executor (`core.lifecycle`)."""

from __future__ import annotations

from innovoucher.core.lifecycle import Lifecycle
from innovoucher.notices import states
from innovoucher.notices.models import Notice, NoticeChange
from innovoucher.notices.permissions import authorize

NOTICE = Lifecycle(
    app="notices",
    entity="notice",
    noun="通知公告",
    model=Notice,
    statuses=states.NoticeStatus,
    table=states.TRANSITIONS,
    change_model=NoticeChange,
    change_fk="notice",
    authorize=authorize,
    decided_field="decided_at",
)
