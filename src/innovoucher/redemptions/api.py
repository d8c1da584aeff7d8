"""JSON API of redemption applications (attached under /api/v1/redemptions): list and detail
(scoped to the actor), submit (multipart), provider confirmation, withdraw, resubmit, review
decisions, the reviewer's queue, and calls (兑付通知: public read, publish by the policy region's
body). Session authentication with CSRF (send the ``csrftoken`` cookie in ``X-CSRFToken``).
Amounts are strings in yuan with two decimals, dates ISO 8601; errors are {"code", "message",
"details"} with a 4xx status (``details.fields`` names each field, ``details.checks`` lists the
automatic first check when it refuses an application)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import SessionAuth

from innovoucher.core import clock
from innovoucher.core.money import fen_to_yuan
from innovoucher.redemptions import selectors
from innovoucher.redemptions.services import calls, resubmission, review, submission

router = Router(tags=["兑付申请 Redemptions"], auth=SessionAuth(csrf=True))


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- output ------------------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    name: str
    region_code: str


class CheckOut(Schema):
    code: str
    label: str
    verdict: Literal["pass", "refer", "fail"]
    message: str
    article: str
    evidence: dict | None = None


class StepOut(Schema):
    id: int
    round: int
    position: int
    level: str
    level_label: str
    action_label: str
    article: str
    region_code: str
    status: str
    status_label: str
    started_on: dt.date | None
    due_on: dt.date | None
    overdue: bool
    decided_at: dt.datetime | None
    opinion: str
    reasons: list[str]
    amount: str | None


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    round: int
    superseded: bool
    uploaded_at: dt.datetime
    url: str


class InvoiceOut(Schema):
    number: str
    issuer: str
    amount: str
    issued_on: dt.date
    released: bool


class TraceOut(Schema):
    """One step of the subsidy calculation (as the quote's trace, contracts.md)."""

    step: str
    value: str
    article: str


class ChangeOut(Schema):
    at: dt.datetime
    action: str
    action_code: str
    from_status: str
    to_status: str
    status: str
    actor: str
    reasons: list[str]


class RedemptionOut(Schema):
    id: int
    number: str
    family: str
    policy_version: str
    order_id: int
    order_number: str
    applicant: PartyOut
    provider: PartyOut
    claimant_kind: str
    submitted_via_id: int | None
    call_id: int | None
    status: str
    status_label: str
    # In `publicity` after its list's last day, before the tick closes it (status_label says so).
    publicity_over: bool = False
    round: int
    category: str
    contract_amount: str
    paid_amount: str
    completed_on: dt.date
    other_public_funding: bool
    public_funding_level: str
    subsidy: str
    shares: dict[str, str]
    payee_kind: str
    check_verdict: str
    reasons: list[str]
    submitted_at: dt.datetime
    decided_at: dt.datetime | None


class RedemptionDetailOut(RedemptionOut):
    checks: list[CheckOut]
    trace: list[TraceOut]
    steps: list[StepOut]
    documents: list[DocumentOut]
    invoices: list[InvoiceOut]
    history: list[ChangeOut]


class PageOut(Schema):
    count: int
    page: int
    results: list[RedemptionOut]


def _party(org) -> dict:
    return {"id": org.pk, "name": org.name, "region_code": org.region_code}


def _summary(r) -> dict:
    return {
        "id": r.pk,
        "number": r.number,
        "family": r.family_slug,
        "policy_version": r.policy_version.code,
        "order_id": r.order_id,
        "order_number": r.order.number,
        "applicant": _party(r.applicant),
        "provider": _party(r.provider),
        "claimant_kind": r.claimant_kind,
        "submitted_via_id": r.submitted_via_id,
        "call_id": r.call_id,
        "status": r.status,
        "status_label": r.get_status_display(),
        "publicity_over": r.publicity_over,
        "round": r.round,
        "category": r.category,
        "contract_amount": fen_to_yuan(r.contract_amount_fen),
        "paid_amount": fen_to_yuan(r.paid_amount_fen),
        "completed_on": r.completed_on,
        "other_public_funding": r.other_public_funding,
        "public_funding_level": r.public_funding_level,
        "subsidy": fen_to_yuan(r.subsidy_fen),
        "shares": {k: fen_to_yuan(v) for k, v in r.shares.items()},
        "payee_kind": r.payee_kind,
        "check_verdict": r.check_verdict,
        "reasons": r.reasons,
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at,
    }


def _step(s, today: dt.date) -> dict:
    return {
        "id": s.pk,
        "round": s.round,
        "position": s.position,
        "level": s.level,
        "level_label": s.get_level_display(),
        "action_label": s.action_label,
        "article": s.article,
        "region_code": s.region_code,
        "status": s.status,
        "status_label": s.get_status_display(),
        "started_on": s.started_on,
        "due_on": s.due_on,
        "overdue": bool(s.status == "pending" and s.due_on and s.due_on < today),
        "decided_at": s.decided_at,
        "opinion": s.opinion,
        "reasons": s.reasons,
        "amount": fen_to_yuan(s.amount_fen) if s.amount_fen is not None else None,
    }


def _detail(actor, r) -> dict:
    d = selectors.redemption_dossier(actor=actor, redemption=r)
    today = clock.today()
    return {
        **_summary(r),
        "checks": r.check_results,
        "trace": r.trace,
        "steps": [_step(s, today) for rnd in d.rounds for s in rnd.steps],
        "documents": [
            {
                "id": x.pk,
                "kind": x.kind,
                "kind_label": x.get_kind_display(),
                "name": x.name,
                "round": x.round,
                "superseded": x.superseded,
                "uploaded_at": x.uploaded_at,
                "url": f"/redemptions/documents/{x.pk}/",
            }
            for x in d.documents
        ],
        "invoices": [
            {
                "number": i.number,
                "issuer": i.issuer,
                "amount": fen_to_yuan(i.amount_fen),
                "issued_on": i.issued_on,
                "released": i.released_at is not None,
            }
            for i in d.invoices
        ],
        "history": [
            {
                "at": c.at,
                "action": c.label,
                "action_code": c.action,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "status": c.status_label,
                "actor": str(c.actor or "系统"),
                "reasons": c.reasons,
            }
            for c in d.changes
        ],
    }


def _page(qs, page: int) -> dict:
    page = max(page, 1)
    size = selectors.PAGE_SIZE
    return {
        "count": qs.count(),
        "page": page,
        "results": [
            _summary(r)
            for r in qs.select_related("policy_version")[(page - 1) * size : page * size]
        ],
    }


# --- reads -------------------------------------------------------------------------------------


@router.get(
    "/",
    response={200: PageOut, **ERRORS},
    summary="兑付申请列表（scope=mine 本单位相关；scope=region 辖区；分页）",
)
def redemption_list(
    request,
    scope: Literal["mine", "region"] = "mine",
    status: str = "",
    family: str = "",
    page: int = 1,
):
    if scope == "region":
        return _page(
            selectors.redemption_list_for_official(
                actor=request.auth, status=status, family=family
            ),
            page,
        )
    return _page(
        selectors.redemption_list_for_party(actor=request.auth, status=status, family=family), page
    )


@router.get(
    "/{int:redemption_id}",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="兑付申请详情：自动初审、审核环节、材料、发票与办理记录",
)
def redemption_detail(request, redemption_id: int):
    return _detail(request.auth, selectors.redemption_get(actor=request.auth, pk=redemption_id))


class QueueItemOut(Schema):
    step: StepOut
    redemption: RedemptionOut


@router.get(
    "/queue",
    response={200: list[QueueItemOut], **ERRORS},
    summary="待我审核的环节（按办理期限排序，可只看逾期）",
)
def queue(request, family: str = "", overdue: bool = False, limit: int = 100, offset: int = 0):
    limit, offset, today = max(1, min(limit, 500)), max(0, offset), clock.today()
    steps = selectors.review_queue_for_reviewer(actor=request.auth, family=family, overdue=overdue)[
        offset : offset + limit
    ]
    return [{"step": _step(s, today), "redemption": _summary(s.redemption)} for s in steps]


# --- the claimant and the provider -------------------------------------------------------------


class SubmitIn(Schema):
    order_id: int
    invoice_number: str = ""
    invoice_amount: str = ""
    invoice_issued_on: str = ""
    invoice_issuer: str = ""
    claimant_kind: Literal["applicant", "provider"] | None = None
    family: str | None = None
    paid_amount: str | None = None
    other_public_funding: bool = False
    public_funding_level: str = ""  # national / province / city / county, "" = not stated


def _files(**uploads) -> dict:
    return {k: v for k, v in uploads.items() if v is not None}


@router.post(
    "/",
    response={201: RedemptionDetailOut, **ERRORS},
    summary="申请兑付（multipart/form-data：订单、发票信息与材料文件；自动初审不通过时返回 422 "
    "与逐项结果）",
)
def redemption_submit(
    request,
    payload: Form[SubmitIn],
    contract: File[UploadedFile] = None,
    invoice: File[UploadedFile] = None,
    payment_proof: File[UploadedFile] = None,
    result_report: File[UploadedFile] = None,
    relevance_proof: File[UploadedFile] = None,
    other: File[UploadedFile] = None,
):
    """材料字段：contract 技术合同、invoice 发票、payment_proof 付款凭证、result_report
    服务结果报告、
    relevance_proof 检测与研发相关性证明、other 其他材料（PDF/JPG/PNG，≤10MB）。"""
    order = selectors.order_for_application(actor=request.auth, pk=payload.order_id)
    r = submission.redemption_submit(
        actor=request.auth,
        order=order,
        claimant_kind=payload.claimant_kind,
        family=payload.family,
        paid_amount=payload.paid_amount,
        other_public_funding=payload.other_public_funding,
        public_funding_level=payload.public_funding_level,
        documents=_files(
            contract=contract,
            invoice=invoice,
            payment_proof=payment_proof,
            result_report=result_report,
            relevance_proof=relevance_proof,
            other=other,
        ),
        invoice=submission.InvoiceData(
            number=payload.invoice_number,
            amount=payload.invoice_amount,
            issued_on=payload.invoice_issued_on,
            issuer=payload.invoice_issuer,
        ),
    )
    return Status(201, _detail(request.auth, r))


class ReasonsIn(Schema):
    reasons: list[str] = []


@router.post(
    "/{int:redemption_id}/confirm",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="服务机构确认服务事项（确认后进入审核）",
)
def confirm(request, redemption_id: int):
    r = selectors.redemption_get(actor=request.auth, pk=redemption_id)
    return _detail(request.auth, submission.redemption_confirm(actor=request.auth, redemption=r))


@router.post(
    "/{int:redemption_id}/decline",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="服务机构不予确认（须填写理由，退回申请方）",
)
def decline(request, redemption_id: int, payload: ReasonsIn):
    r = selectors.redemption_get(actor=request.auth, pk=redemption_id)
    return _detail(
        request.auth,
        submission.redemption_decline(actor=request.auth, redemption=r, reasons=payload.reasons),
    )


@router.post(
    "/{int:redemption_id}/withdraw",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="申请方撤回申请（释放发票与创新券额度）",
)
def withdraw(request, redemption_id: int, payload: ReasonsIn):
    r = selectors.redemption_get(actor=request.auth, pk=redemption_id)
    return _detail(
        request.auth,
        submission.redemption_withdraw(actor=request.auth, redemption=r, reasons=payload.reasons),
    )


class ResubmitIn(Schema):
    invoice_number: str = ""
    invoice_amount: str = ""
    invoice_issued_on: str = ""
    invoice_issuer: str = ""
    paid_amount: str | None = None
    other_public_funding: bool | None = None
    public_funding_level: str | None = None
    note: str = ""


@router.post(
    "/{int:redemption_id}/resubmit",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="按退回意见修改后重新提交（multipart/form-data；只传需要更换的材料；"
    "发票字段不填则沿用原发票）",
)
def resubmit(
    request,
    redemption_id: int,
    payload: Form[ResubmitIn],
    contract: File[UploadedFile] = None,
    invoice: File[UploadedFile] = None,
    payment_proof: File[UploadedFile] = None,
    result_report: File[UploadedFile] = None,
    relevance_proof: File[UploadedFile] = None,
    other: File[UploadedFile] = None,
):
    r = selectors.redemption_get(actor=request.auth, pk=redemption_id)
    inv = None
    if payload.invoice_number or payload.invoice_amount or payload.invoice_issued_on:
        inv = submission.InvoiceData(
            number=payload.invoice_number,
            amount=payload.invoice_amount,
            issued_on=payload.invoice_issued_on,
            issuer=payload.invoice_issuer,
        )
    r = resubmission.redemption_resubmit(
        actor=request.auth,
        redemption=r,
        invoice=inv,
        paid_amount=payload.paid_amount,
        other_public_funding=payload.other_public_funding,
        public_funding_level=payload.public_funding_level,
        note=payload.note,
        documents=_files(
            contract=contract,
            invoice=invoice,
            payment_proof=payment_proof,
            result_report=result_report,
            relevance_proof=relevance_proof,
            other=other,
        ),
    )
    return _detail(request.auth, r)


# --- review ------------------------------------------------------------------------------------


class DecisionIn(Schema):
    action: Literal["approve", "return", "reject"]
    opinion: str = ""
    reasons: list[str] = []
    amount: str | None = None
    step_id: int | None = None


@router.post(
    "/{int:redemption_id}/review",
    response={200: RedemptionDetailOut, **ERRORS},
    summary="审核当前环节：approve 通过（可填建议金额）、return 退回修改（须填理由）、reject "
    "不予支持（须填理由）",
)
def decide(request, redemption_id: int, payload: DecisionIn):
    """`step_id`（可选）为办理的环节，填写时若该环节已被他人办理则返回 409。"""
    step = selectors.review_step_get(
        actor=request.auth, pk=payload.step_id, redemption_pk=redemption_id
    )
    r = review.review_decide(
        actor=request.auth,
        step=step,
        action=payload.action,
        opinion=payload.opinion,
        reasons=payload.reasons,
        amount=payload.amount,
    )
    return _detail(request.auth, selectors.redemption_get(actor=request.auth, pk=r.pk))


# --- calls ---------------------------------------------------------------------------------------


class CallOut(Schema):
    id: int
    number: str
    family: str
    region_code: str
    fiscal_year: int
    title: str
    body: str
    opens_on: dt.date
    closes_on: dt.date
    state: Literal["upcoming", "open", "closed"]
    published_at: dt.datetime


def _call(c) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "family": c.family_slug,
        "region_code": c.region_code,
        "fiscal_year": c.fiscal_year,
        "title": c.title,
        "body": c.body,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "state": selectors.call_state(c),
        "published_at": c.published_at,
    }


@router.get(
    "/calls",
    auth=None,
    response={200: list[CallOut], **ERRORS},
    summary="兑付通知（公开）：受理期与状态",
)
def call_list(request, family: str = "", limit: int = 100, offset: int = 0):
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return [_call(c) for c in selectors.call_list_public(family=family)[offset : offset + limit]]


@router.get(
    "/calls/{int:call_id}",
    auth=None,
    response={200: CallOut, **ERRORS},
    summary="兑付通知详情（公开）",
)
def call_detail(request, call_id: int):
    return _call(selectors.call_get_public(pk=call_id))


class CallIn(Schema):
    family: str
    title: str
    opens_on: str
    closes_on: str
    body: str = ""


@router.post(
    "/calls",
    response={201: CallOut, **ERRORS},
    summary="发布兑付通知（政策所在地区本级科技管理部门；受理期不得重叠）",
)
def call_publish(request, payload: CallIn):
    call = calls.call_publish(
        actor=request.auth,
        family=payload.family,
        title=payload.title,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        body=payload.body,
    )
    return Status(201, _call(call))
