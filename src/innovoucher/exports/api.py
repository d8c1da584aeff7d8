"""JSON API of the exports (/api/v1/exports): ask for an export (202, the worker produces it),
follow its progress, list one's own. The file is downloaded from `download_url` (the same
session). Errors {"code", "message", "details"} with a 4xx."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.exports import selectors, services
from innovoucher.exports.registry import kind_label

router = Router(tags=["导出 Exports"], auth=SessionAuth(csrf=True))
PAGE_SIZE = 20


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ExportIn(Schema):
    kind: str
    parameters: dict[str, str | int] = {}


class ExportOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    region: str
    status: str
    status_label: str
    done_rows: int
    total_rows: int
    percent: int
    filename: str
    content_type: str
    size: int
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    expires_at: dt.datetime | None
    progress_url: str
    download_url: str | None


class ExportPage(Schema):
    count: int
    page: int
    results: list[ExportOut]


def _out(e) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": str(kind_label(e.kind)),
        "title": e.title,
        "region": e.region_code,
        "status": e.status,
        "status_label": str(e.get_status_display()),
        "done_rows": e.done_rows,
        "total_rows": e.total_rows,
        "percent": e.percent,
        "filename": e.filename,
        "content_type": e.content_type,
        "size": e.size,
        "error": e.error,
        "created_at": e.created_at,
        "finished_at": e.finished_at,
        "expires_at": e.expires_at,
        "progress_url": reverse("exports:detail", args=[e.pk]),
        "download_url": reverse("exports:download", args=[e.pk]) if e.is_done else None,
    }


@router.post(
    "",
    response={202: ExportOut, **ERRORS},
    summary="申请导出（后台生成）",
    description="kind：security.audit_log（审计日志）、stats.chart（统计图表 Excel）、"
    "stats.monthly（月度汇总 PDF）、evaluation.report（评价报告 PDF/Excel）；parameters 为该导出"
    "的筛选条件（与页面相同）。无权查看这些数据返回 403，条件有误返回 422，"
    "同时排队的导出过多返回 409 export_too_many。",
)
def export_create(request, payload: ExportIn):
    export = services.export_request(
        actor=request.auth, kind=payload.kind, parameters=payload.parameters
    )
    return Status(202, _out(export))


@router.get("", response={200: ExportPage, **ERRORS}, summary="我的导出（最新在前，每页20条）")
def export_list(request, page: int = 1):
    qs = selectors.export_list_for_requester(actor=request.auth)
    page = min(max(page, 1), 10_000)
    rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return {"count": qs.count(), "page": page, "results": [_out(e) for e in rows]}


@router.get(
    "/{int:export_id}",
    response={200: ExportOut, **ERRORS},
    summary="导出的状态与进度",
    description="只有申请人本人可以查看（其他人返回 404 export_not_found）。"
    "status 为 done 时 download_url 给出下载地址。",
)
def export_detail(request, export_id: int):
    return _out(selectors.export_get(actor=request.auth, pk=export_id))
