"""JSON API of vouchers (/api/v1/vouchers/…). Session authentication with CSRF: send the
``csrftoken`` cookie's value in the ``X-CSRFToken`` header on every unsafe request. Amounts are
strings in yuan with two decimals; dates ISO 8601; errors {"code", "message", "details"}."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from innovoucher.core import clock
from innovoucher.core.money import fen_to_yuan
from innovoucher.vouchers import selectors, services
from innovoucher.vouchers.models import Voucher

router = Router(tags=["创新券 Vouchers"], auth=SessionAuth(csrf=True))


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else fen_to_yuan(fen)


class VoucherOut(Schema):
    id: int
    number: str
    holder_id: int
    holder_name: str
    family: str
    policy_version: str
    region_code: str
    fiscal_year: int
    mode: str
    status: str
    status_label: str
    face: str | None
    reserved: str
    used: str
    remaining: str | None
    issued_on: dt.date
    valid_until: dt.date | None
    article: str
    contract_id: int | None


class TraceOut(Schema):
    step: str
    value: str
    article: str


class UseOut(Schema):
    id: int
    order_id: int | None
    redemption_id: int | None
    amount: str
    status: str
    created_at: dt.datetime


class ChangeOut(Schema):
    action: str
    from_status: str
    to_status: str
    reasons: list[str]
    at: dt.datetime


class VoucherDetailOut(VoucherOut):
    trace: list[TraceOut]
    uses: list[UseOut]
    changes: list[ChangeOut]


class VoucherPage(Schema):
    count: int
    page: int
    results: list[VoucherOut]


class ClaimIn(Schema):
    holder_id: int
    family: str


class ReasonsIn(Schema):
    reasons: list[str] = []


class IssueIn(Schema):
    family: str
    year: int | None = None


class IssuedOut(Schema):
    family: str
    issued: int


def voucher_out(v: Voucher) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "holder_id": v.holder_id,
        "holder_name": v.holder.name,
        "family": v.family_slug,
        "policy_version": v.policy_version.code,
        "region_code": v.region_code,
        "fiscal_year": v.fiscal_year,
        "mode": v.mode,
        "status": v.status,
        "status_label": v.get_status_display(),
        "face": _yuan(v.face_fen),
        "reserved": fen_to_yuan(v.reserved_fen),
        "used": fen_to_yuan(v.used_fen),
        "remaining": _yuan(v.remaining_fen),
        "issued_on": v.issued_on,
        "valid_until": v.valid_until,
        "article": v.article,
        "contract_id": v.contract_id,
    }


def _detail(v: Voucher) -> dict:
    return {
        **voucher_out(v),
        "trace": [
            {
                "step": r.get("step", ""),
                "value": r.get("value", ""),
                "article": r.get("article", ""),
            }
            for r in v.trace
        ],
        "uses": [
            {
                "id": u.pk,
                "order_id": u.order_id,
                "redemption_id": u.redemption_id,
                "amount": fen_to_yuan(u.amount_fen),
                "status": u.status,
                "created_at": u.created_at,
            }
            for u in selectors.voucher_uses(v)
        ],
        "changes": [
            {
                "action": c.action,
                "from_status": c.from_status,
                "to_status": c.to_status,
                "reasons": c.reasons,
                "at": c.at,
            }
            for c in v.changes.all()
        ],
    }


@router.get(
    "/",
    response={200: VoucherPage, **ERRORS},
    summary="我可查看的创新券（持券主体的；官员为辖区内的），可按政策、状态、年度筛选",
)
def voucher_list(
    request, family: str = "", status: str = "", year: int | None = None, page: int = 1
):
    qs = selectors.voucher_list_for_actor(
        actor=request.auth, family=family, status=status, year=year or ""
    )
    page = max(page, 1)
    rows = qs[(page - 1) * selectors.PAGE_SIZE : page * selectors.PAGE_SIZE]
    return {"count": qs.count(), "page": page, "results": [voucher_out(v) for v in rows]}


@router.get(
    "/{int:voucher_id}",
    response={200: VoucherDetailOut, **ERRORS},
    summary="创新券详情：面额计算过程、使用记录、状态记录",
)
def voucher_detail(request, voucher_id: int):
    return _detail(selectors.voucher_get(actor=request.auth, pk=voucher_id))


@router.post(
    "/claim",
    response={201: VoucherDetailOut, **ERRORS},
    summary="在线申领本年度创新券（申领发放的政策，如绍兴）",
)
def claim(request, payload: ClaimIn):
    holder = selectors.holder_org_get(actor=request.auth, pk=payload.holder_id)
    return Status(
        201,
        _detail(services.voucher_claim(actor=request.auth, holder=holder, family=payload.family)),
    )


@router.post(
    "/{int:voucher_id}/return",
    response={200: VoucherDetailOut, **ERRORS},
    summary="退券（持券主体；券上没有订单占用时）",
)
def return_voucher(request, voucher_id: int, payload: ReasonsIn):
    voucher = selectors.voucher_get(actor=request.auth, pk=voucher_id)
    return _detail(
        services.voucher_return(actor=request.auth, voucher=voucher, reasons=payload.reasons)
    )


@router.post(
    "/{int:voucher_id}/revoke",
    response={200: VoucherDetailOut, **ERRORS},
    summary="收回创新券（持券主体所在地区的科技管理部门，须附理由）",
)
def revoke(request, voucher_id: int, payload: ReasonsIn):
    voucher = selectors.voucher_get(actor=request.auth, pk=voucher_id)
    return _detail(
        services.voucher_revoke(actor=request.auth, voucher=voucher, reasons=payload.reasons)
    )


@router.post(
    "/issue",
    response={200: IssuedOut, **ERRORS},
    summary="按年度发放：免申即享（如乌鲁木齐）或注册即获资格（如聊城）；已发放的不重复",
)
def issue(request, payload: IssueIn):
    choice = selectors.issuing_family_get(actor=request.auth, family=payload.family)
    if choice.route == "automatic":
        count = services.vouchers_issue_automatic(
            actor=request.auth, family=payload.family, year=payload.year or clock.today().year
        )
    else:
        count = services.vouchers_grant_membership_all(actor=request.auth, family=payload.family)
    return {"family": payload.family, "issued": count}
