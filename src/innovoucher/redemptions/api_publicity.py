"""JSON API of publicity, objections, approval documents and payments (/api/v1/publicity/…).

Publicity lists are public. Everything else needs a session; unsafe requests send the
``csrftoken`` cookie's value in the ``X-CSRFToken`` header. Amounts are strings in yuan with
two decimals, dates ISO 8601; errors are {"code", "message", "details"} with a 4xx.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.core.codes import Code
from innovoucher.core.errors import ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.redemptions import selectors
from innovoucher.redemptions.services import approval as approvals
from innovoucher.redemptions.services import payment as payments
from innovoucher.redemptions.services import publicity as publicity_services
from innovoucher.redemptions.services.common import url_for

router = Router(tags=["公示、异议与批复 Publicity"])
SESSION = SessionAuth(csrf=True)
PAGE = 20


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class PublicityOut(Schema):
    id: int
    number: str
    title: str
    family: str
    region_code: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    status_label: str
    open_for_objections: bool
    article: str


class ItemOut(Schema):
    id: int
    redemption: str
    applicant: str
    provider: str
    category: str
    amount: str
    status: str
    status_label: str


class PublicityDetailOut(PublicityOut):
    items: list[ItemOut]
    approval: str | None


class PublicityPageOut(Schema):
    count: int
    page: int
    results: list[PublicityOut]


class ObjectionIn(Schema):
    objector_name: str
    contact: str
    grounds: str


class ObjectionOut(Schema):
    id: int
    item_id: int
    publicity: str
    redemption: str
    objector_name: str
    contact: str
    grounds: str
    status: str
    status_label: str
    resolution: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None


class DecisionIn(Schema):
    outcome: Literal["upheld", "dismissed"]
    resolution: str


class ApprovalOut(Schema):
    id: int
    number: str
    title: str
    family: str
    region_code: str
    issued_on: dt.date
    total: str
    publicity: str | None
    pdf_url: str


class ApprovalRowOut(Schema):
    redemption: str
    applicant: str
    provider: str
    category: str
    subsidy: str
    shares: dict[str, str]
    payee: str


class ApprovalDetailOut(ApprovalOut):
    issuing_body: str
    document: str
    articles: list[str]
    rows: list[ApprovalRowOut]


class ShareOut(Schema):
    level: str
    amount: str
    status: str
    recovered: str


class LineOut(Schema):
    code: str
    period: str
    amount: str
    status: str
    bank_reference: str
    failure_reason: str
    settled_at: dt.datetime | None


class PaymentOut(Schema):
    redemption: str
    status: str
    status_label: str
    claim_status: str
    reason: str
    amount: str
    recovered: str
    payee: str
    approval: str | None
    shares: list[ShareOut]
    lines: list[LineOut]


class RecoverIn(Schema):
    reasons: list[str]
    amount: str | None = None
    recovery_reference: str = ""


# --- shaping
# ---------------------------------------------------------------------------------------


def _publicity(p) -> dict:
    return {
        "id": p.pk,
        "number": p.number,
        "title": p.title,
        "family": p.family_slug,
        "region_code": p.region_code,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "open_for_objections": selectors.publicity_is_open(p),
        "article": p.article,
    }


def _item(i) -> dict:
    r = i.redemption
    return {
        "id": i.pk,
        "redemption": r.number,
        "applicant": r.applicant.name,
        "provider": r.provider.name,
        "category": r.category,
        "amount": fen_to_yuan(i.amount_fen),
        "status": i.status,
        "status_label": i.get_status_display(),
    }


def _objection(o) -> dict:
    return {
        "id": o.pk,
        "item_id": o.item_id,
        "publicity": o.item.publicity.number,
        "redemption": o.item.redemption.number,
        "objector_name": o.objector_name,
        "contact": o.contact,
        "grounds": o.grounds,
        "status": o.status,
        "status_label": o.get_status_display(),
        "resolution": o.resolution,
        "submitted_at": o.submitted_at,
        "decided_at": o.decided_at,
    }


def _approval(a) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "title": a.title,
        "family": a.family_slug,
        "region_code": a.region_code,
        "issued_on": a.issued_on,
        "total": fen_to_yuan(a.total_fen),
        "publicity": a.publicity.number if a.publicity_id else None,
        "pdf_url": url_for("redemptions:approval_pdf", a.pk)
        or f"/api/v1/publicity/approvals/{a.pk}/pdf",
    }


# --- public
# -----------------------------------------------------------------------------------------


@router.get(
    "/",
    auth=None,
    response=PublicityPageOut,
    summary="公示公告（已发布的兑付拟支持名单公示；state=open 公示中 / closed 已结束）",
)
def publicity_list(request, state: str = "", page: int = 1):
    qs = selectors.publicity_list_public(state=state if state in ("open", "closed") else "")
    page = max(page, 1)
    return {
        "count": qs.count(),
        "page": page,
        "results": [_publicity(p) for p in qs[(page - 1) * PAGE : page * PAGE]],
    }


@router.get(
    "/{int:publicity_id}",
    auth=None,
    response={200: PublicityDetailOut, **ERRORS},
    summary="公示详情与拟支持项目",
)
def publicity_detail(request, publicity_id: int):
    p = selectors.publicity_get_public(pk=publicity_id)
    approval = getattr(p, "approval", None)
    return {
        **_publicity(p),
        "items": [_item(i) for i in selectors.publicity_items(p)],
        "approval": approval.number if approval else None,
    }


@router.post(
    "/items/{int:item_id}/objections",
    auth=SESSION,
    response={201: ObjectionOut, **ERRORS},
    summary="对公示项目提出异议（须登录，实名；公示期内受理，受理后该项目重新审议）",
)
def objection_submit(request, item_id: int, payload: ObjectionIn):
    item = selectors.item_get_public(pk=item_id)
    objection = publicity_services.objection_submit(
        actor=request.auth,
        item=item,
        objector_name=payload.objector_name,
        contact=payload.contact,
        grounds=payload.grounds,
    )
    return Status(201, _objection(objection))


# --- officials
# ---------------------------------------------------------------------------------------


@router.get(
    "/objections",
    auth=SESSION,
    response={200: list[ObjectionOut], **ERRORS},
    summary="本地区的公示异议（status=open 待处理）",
)
def objection_list(request, status: str = "", limit: int = 100, offset: int = 0):
    qs = selectors.objection_list_for_official(actor=request.auth, status=status)
    return [_objection(o) for o in qs[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 500)]]


@router.get(
    "/objections/{int:objection_id}",
    auth=SESSION,
    response={200: ObjectionOut, **ERRORS},
    summary="公示异议详情",
)
def objection_detail(request, objection_id: int):
    return _objection(selectors.objection_get(actor=request.auth, pk=objection_id))


@router.post(
    "/objections/{int:objection_id}/decide",
    auth=SESSION,
    response={200: ObjectionOut, **ERRORS},
    summary="处理公示异议：upheld 异议成立 / dismissed 异议不成立，附处理意见（只能处理一次）",
)
def objection_decide(request, objection_id: int, payload: DecisionIn):
    objection = selectors.objection_get(actor=request.auth, pk=objection_id)
    return _objection(
        publicity_services.objection_decide(
            actor=request.auth,
            objection=objection,
            outcome=payload.outcome,
            resolution=payload.resolution,
        )
    )


# --- approvals
# ---------------------------------------------------------------------------------------


@router.get(
    "/approvals",
    auth=SESSION,
    response={200: list[ApprovalOut], **ERRORS},
    summary="批复文件（本单位或本地区有关的）",
)
def approval_list(request, limit: int = 100, offset: int = 0):
    qs = approvals.approval_list_for_actor(actor=request.auth)
    return [_approval(a) for a in qs[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 500)]]


@router.get(
    "/approvals/{int:approval_id}",
    auth=SESSION,
    response={200: ApprovalDetailOut, **ERRORS},
    summary="批复详情：项目、金额与各级出资",
)
def approval_detail(request, approval_id: int):
    approval = approvals.approval_get(actor=request.auth, pk=approval_id)
    doc = approvals.approval_document(approval)
    levels = [
        lv
        for lv in ("province", "city", "county")
        if any(lv in payments.claim_shares(row["redemption"]) for row in doc["rows"])
    ]
    rows = [
        {
            "redemption": row["redemption"].number,
            "applicant": row["applicant"],
            "provider": row["provider"],
            "category": row["redemption"].category,
            "subsidy": fen_to_yuan(row["subsidy_fen"]),
            "payee": row["payee"],
            "shares": {
                lv: fen_to_yuan(payments.claim_shares(row["redemption"]).get(lv, 0))
                for lv in levels
            },
        }
        for row in doc["rows"]
    ]
    return {
        **_approval(approval),
        "issuing_body": doc["body"],
        "document": doc["document"],
        "articles": doc["articles"],
        "rows": rows,
    }


@router.get(
    "/approvals/{int:approval_id}/pdf",
    auth=SESSION,
    response={200: None, **ERRORS},
    summary="批复 PDF 文件",
)
def approval_pdf(request, approval_id: int):
    approval = approvals.approval_get(actor=request.auth, pk=approval_id)
    response = HttpResponse(approvals.approval_pdf(approval), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="approval-{approval.pk}.pdf"'
    return response


# --- payment
# -----------------------------------------------------------------------------------------


def _payment(status) -> dict:
    r = status.redemption
    return {
        "redemption": r.number,
        "status": status.stage,
        "status_label": status.stage_label,
        "claim_status": status.claim_status,
        "reason": status.reason,
        "amount": fen_to_yuan(status.amount_fen),
        "recovered": fen_to_yuan(status.recovered_fen),
        "payee": status.payee_name,
        "approval": r.approval.number if r.approval_id else None,
        "shares": [
            {
                "level": s.level,
                "amount": fen_to_yuan(s.amount_fen),
                "status": s.status,
                "recovered": fen_to_yuan(s.recovered_fen),
            }
            for s in status.shares
        ],
        "lines": [
            {
                "code": line.code,
                "period": line.period,
                "amount": fen_to_yuan(line.amount_fen),
                "status": line.status,
                "bank_reference": line.bank_reference,
                "failure_reason": line.failure_reason,
                "settled_at": line.settled_at,
            }
            for line in status.lines
        ],
    }


@router.get(
    "/redemptions/{int:redemption_id}/payment",
    auth=SESSION,
    response={200: PaymentOut, **ERRORS},
    summary="兑付申请的资金状态（预留、排队、拨付、追回）",
)
def payment_detail(request, redemption_id: int):
    redemption = payments.redemption_get_for_payment(actor=request.auth, pk=redemption_id)
    return _payment(payments.payment_status(redemption, actor=request.auth))


@router.post(
    "/redemptions/{int:redemption_id}/recover",
    auth=SESSION,
    response={200: PaymentOut, **ERRORS},
    summary="追回已拨付的补助资金（须附理由；amount 留空为全部未追回金额）",
)
def payment_recover(request, redemption_id: int, payload: RecoverIn):
    redemption = payments.redemption_get_for_payment(actor=request.auth, pk=redemption_id)
    try:
        amount = yuan_to_fen(payload.amount) if payload.amount not in (None, "") else None
    except MoneyError as exc:
        raise ValidationFailed(
            str(exc), code=Code.AMOUNT_INVALID, details={"fields": {"amount": str(exc)}}
        ) from exc
    redemption = payments.payment_recover(
        actor=request.auth,
        redemption=redemption,
        reasons=payload.reasons,
        amount_fen=amount,
        recovery_reference=payload.recovery_reference,
    )
    return _payment(payments.payment_status(redemption, actor=request.auth))
