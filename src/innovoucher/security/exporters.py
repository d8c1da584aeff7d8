"""The audit log's Excel export, run by the background worker (exports app, ADR 0029): the
filters of the audit-log page, the audit administrator only (三员分立), every matching event
written row by row (openpyxl write-only) with progress every 500 rows. Registered in
`SecurityConfig.ready`."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.exports.codes import Code
from innovoucher.exports.registry import XLSX, Exporter, ExportJob, Prepared
from innovoucher.security.forms import AuditFilterForm
from innovoucher.security.selectors import audit_event_list, require_audit_admin

KIND = "security.audit_log"
MAX_ROWS = 1_000_000  # an Excel sheet holds 1,048,576 rows
HEADER = ["编号", "时间", "操作人", "操作", "对象类型", "对象编号", "行政区划", "内容"]
DATES = ("date_from", "date_to")


def _filters(parameters: Mapping) -> dict:
    return {
        k: (dt.date.fromisoformat(v) if k in DATES and v else v)
        for k, v in parameters.items()
        if k in AuditFilterForm.base_fields
    }


def _title(params: dict) -> str:
    parts = [f"{AuditFilterForm.base_fields[k].label}：{v}" for k, v in params.items() if v]
    return "审计日志" + (f"（{'，'.join(str(p) for p in parts)}）" if parts else "（全部）")


def prepare(actor, parameters: Mapping) -> Prepared:
    require_audit_admin(actor)
    form = AuditFilterForm({k: v for k, v in parameters.items() if v not in (None, "")})
    if not form.is_valid():
        fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
        message = "导出条件有误：" + "；".join(m for msgs in fields.values() for m in msgs)
        raise ValidationFailed(
            message, code=Code.EXPORT_PARAMETERS_INVALID, details={"fields": fields}
        )
    params = {
        k: (v.isoformat() if isinstance(v, dt.date) else v.strip())
        for k, v in form.cleaned_data.items()
        if v
    }
    return Prepared(
        parameters=params,
        region_code=params.get("region", "") or PLATFORM_REGION,
        title=_title(params),
        filename=f"audit-log-{clock.today():%Y%m%d}.xlsx",
        content_type=XLSX,
    )


def write(job: ExportJob) -> bytes:
    events = audit_event_list(actor=job.actor, **_filters(job.parameters))
    total = min(events.count(), MAX_ROWS)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    sheet.append(HEADER)
    for e in job.rows(events[:total].iterator(chunk_size=2000), total):
        sheet.append(
            [
                e.id,
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_label,
                e.action,
                e.object_type,
                e.object_id,
                e.region_code,
                json.dumps(e.data, ensure_ascii=False)[:30000],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTER = Exporter(
    kind=KIND,
    label=_("审计日志"),
    roles=frozenset({Role.AUDIT_ADMIN}),
    prepare=prepare,
    write=write,
)
