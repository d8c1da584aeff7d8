"""JSON API of orders and standard contracts (/api/v1/orders/…). Session authentication with CSRF
(``X-CSRFToken`` header on unsafe requests). Amounts are strings in yuan with two decimals; dates
ISO 8601; errors {"code", "message", "details"} with a 4xx status."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.core.money import fen_to_yuan
from innovoucher.orders import documents, selectors, services
from innovoucher.orders.models import Order, ServiceContract
from innovoucher.vouchers import selectors as voucher_selectors
from innovoucher.vouchers.api import ERRORS, TraceOut

router = Router(tags=["服务订单与合同 Orders"], auth=SessionAuth(csrf=True))


class VoucherUseOut(Schema):
    voucher_id: int
    voucher_number: str
    amount: str
    status: str


class RatingOut(Schema):
    score: int
    quality: int
    timeliness: int
    comment: str
    due_on: dt.date | None
    late: bool


class OrderOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    client_id: int
    client_name: str
    provider_id: int
    provider_name: str
    service_id: int | None
    booking_id: int | None
    family: str
    category: str
    subject: str
    region_code: str
    contract_amount: str
    deduction: str
    paid: str
    placed_at: dt.datetime
    delivered_on: dt.date | None
    settled_at: dt.datetime | None


class OrderDetailOut(OrderOut):
    reasons: list[str]
    trace: list[TraceOut]
    voucher_uses: list[VoucherUseOut]
    contract_id: int | None
    rating: RatingOut | None
    rating_due_on: dt.date | None


class OrderPage(Schema):
    count: int
    page: int
    results: list[OrderOut]


class OrderIn(Schema):
    client_id: int
    service_id: int | None = None
    booking_id: int | None = None
    family: str = ""
    subject: str = ""
    contract_amount: str = ""
    voucher_id: int | None = None
    category: str = ""


class ActionIn(Schema):
    action: Literal["accept", "deliver", "settle", "cancel", "decline"]
    reasons: list[str] = []
    delivered_on: dt.date | None = None


class RatingIn(Schema):
    score: int
    quality: int
    timeliness: int
    comment: str = ""


class CheckOut(Schema):
    code: str
    verdict: str
    message: str
    article: str


class ContractIn(Schema):
    contract_type: Literal["development", "transfer", "service", "consulting"]
    project_name: str
    content: str
    deliverables: str
    start_on: dt.date
    end_on: dt.date
    amount: str
    payment_terms: str
    client_signatory: str
    provider_signatory: str
    registration_no: str = ""


class ContractOut(Schema):
    id: int
    number: str
    order_id: int
    status: str
    status_label: str
    contract_type: str
    project_name: str
    content: str
    deliverables: str
    start_on: dt.date
    end_on: dt.date
    amount: str
    payment_terms: str
    client_signatory: str
    provider_signatory: str
    registration_no: str
    checks: list[CheckOut]
    reasons: list[str]
    submission_count: int
    submitted_at: dt.datetime | None
    voucher_id: int | None


class ContractActionIn(Schema):
    action: Literal["submit", "approve", "return", "reject"]
    reasons: list[str] = []


class ReviewItemOut(Schema):
    contract: ContractOut
    due_on: dt.date | None
    overdue: bool


def order_out(o: Order) -> dict:
    return {
        "id": o.pk,
        "number": o.number,
        "status": o.status,
        "status_label": o.get_status_display(),
        "client_id": o.client_id,
        "client_name": o.client.name,
        "provider_id": o.provider_id,
        "provider_name": o.provider.name,
        "service_id": o.service_id,
        "booking_id": o.booking_id,
        "family": o.family_slug,
        "category": o.category,
        "subject": o.subject,
        "region_code": o.region_code,
        "contract_amount": fen_to_yuan(o.contract_amount_fen),
        "deduction": fen_to_yuan(o.deduction_fen),
        "paid": fen_to_yuan(o.paid_fen),
        "placed_at": o.placed_at,
        "delivered_on": o.delivered_on,
        "settled_at": o.settled_at,
    }


def _order_detail(o: Order) -> dict:
    rating = selectors.rating_for_order(o)
    contract = selectors.contract_for_order(o)
    return {
        **order_out(o),
        "reasons": o.reasons,
        "trace": o.trace,
        "contract_id": contract.pk if contract else None,
        "voucher_uses": [
            {
                "voucher_id": u.voucher_id,
                "voucher_number": u.voucher.number,
                "amount": fen_to_yuan(u.amount_fen),
                "status": u.status,
            }
            for u in selectors.voucher_uses_for_order(o)
        ],
        "rating": None
        if rating is None
        else {
            "score": rating.score,
            "quality": rating.quality,
            "timeliness": rating.timeliness,
            "comment": rating.comment,
            "due_on": rating.due_on,
            "late": rating.late,
        },
        "rating_due_on": selectors.rating_due_on(o),
    }


def contract_out(c: ServiceContract) -> dict:
    voucher = selectors.voucher_for_contract(c)
    return {
        "id": c.pk,
        "number": c.number,
        "order_id": c.order_id,
        "status": c.status,
        "status_label": c.get_status_display(),
        "contract_type": c.contract_type,
        "project_name": c.project_name,
        "content": c.content,
        "deliverables": c.deliverables,
        "start_on": c.start_on,
        "end_on": c.end_on,
        "amount": fen_to_yuan(c.amount_fen),
        "payment_terms": c.payment_terms,
        "client_signatory": c.client_signatory,
        "provider_signatory": c.provider_signatory,
        "registration_no": c.registration_no,
        "checks": c.check_results,
        "reasons": c.reasons,
        "submission_count": c.submission_count,
        "submitted_at": c.submitted_at,
        "voucher_id": voucher.pk if voucher else None,
    }


@router.get(
    "/",
    response={200: OrderPage, **ERRORS},
    summary="订单列表：client 我下的订单；provider 收到的订单；region 辖区内订单（官员）",
)
def order_list(
    request,
    role: Literal["client", "provider", "region"] = "client",
    status: str = "",
    page: int = 1,
):
    qs = selectors.order_list_for_role(actor=request.auth, role=role, status=status)
    page = max(page, 1)
    rows = qs[(page - 1) * selectors.PAGE_SIZE : page * selectors.PAGE_SIZE]
    return {"count": qs.count(), "page": page, "results": [order_out(o) for o in rows]}


@router.get(
    "/{int:order_id}",
    response={200: OrderDetailOut, **ERRORS},
    summary="订单详情：抵扣计算过程、创新券使用、合同、评价",
)
def order_detail(request, order_id: int):
    return _order_detail(selectors.order_get(actor=request.auth, pk=order_id))


@router.post(
    "/",
    response={201: OrderDetailOut, 200: OrderDetailOut, **ERRORS},
    summary="下单：已发布的服务或已完成的仪器预约；一键抵扣的政策可选择创新券",
    description="请求头 `Idempotency-Key`（最多 64 个字母、数字或 - _ . :）：同一委托方以同一键"
    "重试（包括并发重试）不会再下一单，而是返回第一次下的订单（200，响应头 "
    "`Idempotent-Replayed: true`）；首次下单返回 201。",
)
def order_place(request, response: HttpResponse, payload: OrderIn):
    actor = request.auth
    client = selectors.client_get(actor=actor, pk=payload.client_id)
    service = selectors.service_for_order(payload.service_id) if payload.service_id else None
    booking = (
        selectors.booking_for_order(actor=actor, pk=payload.booking_id)
        if payload.booking_id
        else None
    )
    voucher = (
        voucher_selectors.voucher_get(actor=actor, pk=payload.voucher_id)
        if payload.voucher_id
        else None
    )
    order = services.order_place(
        actor=actor,
        client=client,
        service=service,
        booking=booking,
        family=payload.family,
        subject=payload.subject,
        contract_amount=payload.contract_amount,
        voucher=voucher,
        category=payload.category,
        idempotency_key=request.headers.get("Idempotency-Key", ""),
    )
    if getattr(order, "replayed", False):
        response["Idempotent-Replayed"] = "true"
        return Status(200, _order_detail(order))
    return Status(201, _order_detail(order))


@router.post(
    "/{int:order_id}/actions",
    response={200: OrderDetailOut, **ERRORS},
    summary="办理订单：accept 接单、deliver 服务完成、settle 结算（一键抵扣）、"
    "cancel 取消（附理由）、decline 服务机构取消（附理由）",
)
def order_action(request, order_id: int, payload: ActionIn):
    actor, order = request.auth, selectors.order_get(actor=request.auth, pk=order_id)
    calls = {
        "accept": lambda: services.order_accept(actor=actor, order=order),
        "deliver": lambda: services.order_deliver(
            actor=actor, order=order, delivered_on=payload.delivered_on
        ),
        "settle": lambda: services.order_settle(actor=actor, order=order),
        "cancel": lambda: services.order_cancel(actor=actor, order=order, reasons=payload.reasons),
        "decline": lambda: services.order_decline(
            actor=actor, order=order, reasons=payload.reasons
        ),
    }
    return _order_detail(calls[payload.action]())


@router.post(
    "/{int:order_id}/rating",
    response={201: RatingOut, **ERRORS},
    summary="评价服务机构（服务完成后，每单一次）",
)
def rate(request, order_id: int, payload: RatingIn):
    order = selectors.order_get(actor=request.auth, pk=order_id)
    r = services.rating_submit(
        actor=request.auth,
        order=order,
        score=payload.score,
        quality=payload.quality,
        timeliness=payload.timeliness,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "score": r.score,
            "quality": r.quality,
            "timeliness": r.timeliness,
            "comment": r.comment,
            "due_on": r.due_on,
            "late": r.late,
        },
    )


@router.get(
    "/{int:order_id}/similar",
    response={200: list[OrderOut], **ERRORS},
    summary="化整为零提示：90日内同一委托方、同一服务机构的同类订单",
)
def similar(request, order_id: int):
    return [
        order_out(o)
        for o in selectors.orders_similar(selectors.order_get(actor=request.auth, pk=order_id))
    ]


@router.put(
    "/{int:order_id}/contract",
    response={200: ContractOut, **ERRORS},
    summary="填写或修改订单的科技创新券服务合同（草稿或退回修改时）",
)
def contract_save(request, order_id: int, payload: ContractIn):
    order = selectors.order_get(actor=request.auth, pk=order_id)
    data = services.ContractData(**payload.model_dump())
    return contract_out(services.contract_save(actor=request.auth, order=order, data=data))


@router.get(
    "/contracts",
    response={200: list[ReviewItemOut], **ERRORS},
    summary="待我审核的服务合同（含办理期限）",
)
def contract_queue(request):
    return [
        {"contract": contract_out(i.contract), "due_on": i.due_on, "overdue": i.overdue}
        for i in selectors.contract_queue_for_reviewer(actor=request.auth)
    ]


@router.get(
    "/contracts/{int:contract_id}",
    response={200: ContractOut, **ERRORS},
    summary="服务合同详情与自动初审结果",
)
def contract_detail(request, contract_id: int):
    return contract_out(selectors.contract_get(actor=request.auth, pk=contract_id))


@router.post(
    "/contracts/{int:contract_id}/actions",
    response={200: ContractOut, **ERRORS},
    summary="submit 提交（自动初审）；approve 审核通过并生成创新券；"
    "return 退回修改、reject 不予通过（附理由）",
)
def contract_action(request, contract_id: int, payload: ContractActionIn):
    actor, contract = request.auth, selectors.contract_get(actor=request.auth, pk=contract_id)
    calls = {
        "submit": lambda: services.contract_submit(actor=actor, contract=contract),
        "approve": lambda: services.contract_approve(actor=actor, contract=contract),
        "return": lambda: services.contract_return(
            actor=actor, contract=contract, reasons=payload.reasons
        ),
        "reject": lambda: services.contract_reject(
            actor=actor, contract=contract, reasons=payload.reasons
        ),
    }
    return contract_out(calls[payload.action]())


@router.get(
    "/contracts/{int:contract_id}/pdf",
    response={200: None, **ERRORS},
    summary="下载服务合同PDF（签章用）",
)
def contract_pdf(request, contract_id: int):
    contract = selectors.contract_get(actor=request.auth, pk=contract_id)
    response = HttpResponse(documents.contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contract-{contract.number}.pdf"'
    return response
