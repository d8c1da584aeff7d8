"""The lifecycles of supervision, declared once for the executor (`core.lifecycle`)."""

from __future__ import annotations

from innovoucher.core.lifecycle import Lifecycle
from innovoucher.supervision import states
from innovoucher.supervision.models import (
    Bulletin,
    BulletinChange,
    Clawback,
    ClawbackChange,
    Complaint,
    ComplaintChange,
    CreditImport,
    CreditImportChange,
    Measure,
    MeasureChange,
    Sanction,
    SanctionChange,
    SpotCheck,
    SpotCheckChange,
)
from innovoucher.supervision.permissions import authorize

SANCTION = Lifecycle(
    app="supervision",
    entity="sanction",
    noun="惩戒记录",
    model=Sanction,
    statuses=states.SanctionStatus,
    table=states.SANCTION_TRANSITIONS,
    change_model=SanctionChange,
    change_fk="sanction",
    authorize=authorize,
    decided_field="decided_at",
    system_message="由系统在惩戒期满后自动办理",
)
CHECK = Lifecycle(
    app="supervision",
    entity="spot_check",
    noun="抽查",
    model=SpotCheck,
    statuses=states.CheckStatus,
    table=states.CHECK_TRANSITIONS,
    change_model=SpotCheckChange,
    change_fk="spot_check",
    authorize=authorize,
    decided_field="decided_at",
)
CLAWBACK = Lifecycle(
    app="supervision",
    entity="clawback",
    noun="追回通知",
    model=Clawback,
    statuses=states.ClawbackStatus,
    table=states.CLAWBACK_TRANSITIONS,
    change_model=ClawbackChange,
    change_fk="clawback",
    authorize=authorize,
    decided_field="decided_at",
)
COMPLAINT = Lifecycle(
    app="supervision",
    entity="complaint",
    noun="投诉举报",
    model=Complaint,
    statuses=states.ComplaintStatus,
    table=states.COMPLAINT_TRANSITIONS,
    change_model=ComplaintChange,
    change_fk="complaint",
    authorize=authorize,
    decided_field="decided_at",
)
CREDIT_IMPORT = Lifecycle(
    app="supervision",
    entity="credit_import",
    noun="失信名单导入",
    model=CreditImport,
    statuses=states.ImportStatus,
    table=states.IMPORT_TRANSITIONS,
    change_model=CreditImportChange,
    change_fk="credit_import",
    authorize=authorize,
    decided_field="decided_at",
    system_message="由后台任务办理",
)
MEASURE = Lifecycle(
    app="supervision",
    entity="measure",
    noun="服务机构通报整改",
    model=Measure,
    statuses=states.MeasureStatus,
    table=states.MEASURE_TRANSITIONS,
    change_model=MeasureChange,
    change_fk="measure",
    authorize=authorize,
    decided_field="decided_at",
)
BULLETIN = Lifecycle(
    app="supervision",
    entity="bulletin",
    noun="通报",
    model=Bulletin,
    statuses=states.BulletinStatus,
    table=states.BULLETIN_TRANSITIONS,
    change_model=BulletinChange,
    change_fk="bulletin",
    authorize=authorize,
    decided_field="decided_at",
)
