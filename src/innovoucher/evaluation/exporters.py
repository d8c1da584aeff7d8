"""The evaluation round's report as a background export (exports app, ADR 0029): PDF or Excel
of one round the requester may read (`selectors.round_get`, region-scoped), checked when asked
and again when run. Registered in `EvaluationConfig.ready`."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from innovoucher.core.errors import ValidationFailed
from innovoucher.evaluation import reports, selectors
from innovoucher.evaluation.permissions import READER_ROLES
from innovoucher.exports.codes import Code
from innovoucher.exports.registry import PDF, XLSX, Exporter, ExportJob, Prepared

FORMATS = {"pdf": PDF, "xlsx": XLSX}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(
        message, code=Code.EXPORT_PARAMETERS_INVALID, details={"fields": {field: [message]}}
    )


def _round(actor, parameters: Mapping):
    try:
        pk = int(parameters.get("round"))
    except (TypeError, ValueError):
        raise _invalid("round", "请指定要导出的评价") from None
    return selectors.round_get(actor=actor, pk=pk)


def prepare(actor, parameters: Mapping) -> Prepared:
    fmt = str(parameters.get("format") or "")
    if fmt not in FORMATS:
        raise _invalid("format", "报告格式须为 pdf 或 xlsx")
    rnd = _round(actor, parameters)
    return Prepared(
        parameters={"round": rnd.pk, "format": fmt},
        region_code=rnd.region_code,
        title=f"{rnd.title}（评价报告 {fmt.upper()}）",
        filename=f"evaluation-{rnd.number}.{fmt}",
        content_type=FORMATS[fmt],
    )


def write(job: ExportJob) -> bytes:
    rnd = _round(job.actor, job.parameters)
    job.progress(0, 1)
    body = (reports.report_pdf if job.parameters["format"] == "pdf" else reports.report_xlsx)(rnd)
    job.progress(1, 1)
    return body


EXPORTER = Exporter(
    kind="evaluation.report",
    label=_("评价报告"),
    roles=frozenset(READER_ROLES),
    prepare=prepare,
    write=write,
)
