"""JSON API for budgets and the ledger (/api/v1/ledger/…), session-authenticated.

Reads are scoped like the pages. The one write (an allocation) goes through the same service;
django-ninja's session auth checks the CSRF token on it.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from innovoucher.core.codes import Code
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.money import MoneyError, fen_to_yuan, yuan_to_fen
from innovoucher.ledger import permissions, selectors, services
from innovoucher.ledger.models import Budget, Claim, Transfer
from innovoucher.ledger.selectors import TransferFilter

router = Router(tags=["资金账本 Ledger"], auth=django_auth)


class BudgetOut(Schema):
    id: int
    name: str
    funder_level: str
    funder_region: str
    region_code: str
    fiscal_year: int
    line: str
    received: str
    moved_out: str
    available: str
    reserved: str
    payable: str
    paid: str
    recovered: str


class ForecastOut(Schema):
    as_of: dt.date
    spent: str
    remaining: str
    per_day: str
    run_out_on: dt.date | None
    exhausted: bool


class BurnPointOut(Schema):
    on: dt.date
    budget: str
    spent: str
    remaining: str


class BudgetDetailOut(BudgetOut):
    forecast: ForecastOut
    burn_down: list[BurnPointOut]


class TransferOut(Schema):
    id: int
    created_at: dt.datetime
    code: str
    kind: str
    debit_account: int
    credit_account: int
    debit_budget: int
    credit_budget: int
    amount: str
    reference: str
    pending_id: int | None
    memo: str


class TransferPage(Schema):
    count: int
    page: int
    pages: int
    items: list[TransferOut]


class ClaimOut(Schema):
    id: int
    reference: str
    region_code: str
    fiscal_year: int
    amount: str
    payee_kind: str
    payee_name: str
    completed_at: dt.datetime
    status: str
    reason_code: str
    reason: str


class AllocationIn(Schema):
    to_region: str
    amount: str
    reference: str
    memo: str = ""


class VerifyOut(Schema):
    ok: bool
    accounts: int
    transfers: int
    differences: int
    problems: int


def _viewer(request):
    if not permissions.can_view_finance(request.auth):
        raise PermissionDenied("需要财政部门经办人、审核人或审计监督角色")
    return request.auth


def _budget_out(budget: Budget) -> dict:
    b = selectors.budget_balances(budget)
    money = {
        name.removesuffix("_fen"): fen_to_yuan(getattr(b, name))
        for name in (
            "received_fen",
            "moved_out_fen",
            "available_fen",
            "reserved_fen",
            "payable_fen",
            "paid_fen",
            "recovered_fen",
        )
    }
    fields = ("id", "name", "funder_level", "funder_region", "region_code", "fiscal_year", "line")
    return {**{f: getattr(budget, f) for f in fields}, **money}


@router.get("/budgets", response=list[BudgetOut], summary="预算列表（本人管辖地区）")
def list_budgets(request, year: int | None = None):
    return [
        _budget_out(b)
        for b in selectors.budget_list_for_finance(actor=_viewer(request), fiscal_year=year)
    ]


@router.get(
    "/budgets/{budget_id}", response=BudgetDetailOut, summary="预算详情、燃尽数据与用完日期预测"
)
def get_budget(request, budget_id: int):
    budget = selectors.budget_get(actor=_viewer(request), pk=budget_id)
    points, f = selectors.budget_forecast(budget)
    forecast = {
        "as_of": f.as_of,
        "spent": fen_to_yuan(f.spent_fen),
        "remaining": fen_to_yuan(f.remaining_fen),
        "per_day": fen_to_yuan(f.per_day_fen),
        "run_out_on": f.run_out_on,
        "exhausted": f.exhausted,
    }
    burn = [
        {
            "on": p.on,
            "budget": fen_to_yuan(p.budget_fen),
            "spent": fen_to_yuan(p.spent_fen),
            "remaining": fen_to_yuan(p.remaining_fen),
        }
        for p in points
    ]
    return {**_budget_out(budget), "forecast": forecast, "burn_down": burn}


@router.post(
    "/budgets/{budget_id}/allocations", response={201: TransferOut}, summary="分配下拨（省 → 市）"
)
def allocate(request, budget_id: int, payload: AllocationIn):
    source = selectors.budget_get(actor=_viewer(request), pk=budget_id)
    try:
        amount = yuan_to_fen(payload.amount)
    except MoneyError as exc:
        raise ValidationFailed(str(exc), code=Code.AMOUNT_INVALID) from None
    transfer = services.budget_allocate(
        actor=request.auth,
        source=source,
        to_region=payload.to_region,
        amount_fen=amount,
        reference=payload.reference,
        memo=payload.memo,
    )
    return Status(
        201,
        _transfer_out(
            Transfer.objects.select_related("debit_account", "credit_account").get(pk=transfer.pk)
        ),
    )


def _transfer_out(t: Transfer) -> dict:
    return {
        "id": t.pk,
        "created_at": t.created_at,
        "code": t.code,
        "kind": t.kind,
        "debit_account": t.debit_account_id,
        "credit_account": t.credit_account_id,
        "debit_budget": t.debit_account.budget_id,
        "credit_budget": t.credit_account.budget_id,
        "amount": fen_to_yuan(t.amount_fen),
        "reference": t.reference,
        "pending_id": t.pending_id,
        "memo": t.memo,
    }


class TransferQuery(Schema):
    fiscal_year: int | None = None
    code: str = ""
    kind: str = ""
    region_code: str = ""
    reference: str = ""
    budget_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1


@router.get("/transfers", response=TransferPage, summary="资金账本（转账分录，每页 100 条）")
def list_transfers(request, query: Query[TransferQuery]):
    filters = TransferFilter(**query.dict(exclude={"page"}))
    paginator = Paginator(
        selectors.transfer_list_for_finance(actor=_viewer(request), filters=filters), 100
    )
    page = paginator.get_page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_transfer_out(t) for t in page],
    }


@router.get(
    "/claims", response=list[ClaimOut], summary="兑付申请（排队、预留、支付），按材料齐全时间排序"
)
def list_claims(request, status: str = "", year: int | None = None):
    claims = selectors.claim_list_for_finance(
        actor=_viewer(request), status=status, fiscal_year=year
    )[:500]
    return [_claim_out(c) for c in claims]


def _claim_out(c: Claim) -> dict:
    fields = (
        "id",
        "reference",
        "region_code",
        "fiscal_year",
        "payee_kind",
        "payee_name",
        "completed_at",
        "status",
        "reason_code",
        "reason",
    )
    return {**{f: getattr(c, f) for f in fields}, "amount": fen_to_yuan(c.amount_fen)}


@router.get("/verify", response=VerifyOut, summary="核对账本：由转账重算余额，借方 = 贷方")
def verify(request):
    _viewer(request)
    report = selectors.ledger_verify()
    return {
        "ok": report.ok,
        "accounts": report.accounts,
        "transfers": report.transfers,
        "differences": len(report.differences),
        "problems": len(report.problems),
    }
