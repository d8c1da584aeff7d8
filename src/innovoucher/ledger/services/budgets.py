"""Budgets: open, appropriate (finance), allocate (province → city), carry over, correct.

Every movement is a transfer through the engine; after money arrives at a budget, its queue
of waiting claims is served in the same transaction (兑完为止 with a fair queue).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innovoucher.core import audit, clock
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger import permissions
from innovoucher.ledger.codes import Code as Err
from innovoucher.ledger.models import (
    Account,
    Budget,
    BudgetLine,
    Claim,
    FunderLevel,
    Purpose,
    Transfer,
)
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.ledger.services.engine import TransferSpec, transfers_execute
from innovoucher.ledger.services.queue import queue_serve
from innovoucher.policies.services import carry_over_allowed
from innovoucher.regions.domain import is_region_code, region_level, region_within
from innovoucher.regions.selectors import region_label

Code = Transfer.Code
_LIMITED = {Purpose.AVAILABLE, Purpose.PAYABLE, Purpose.PAID}


def _label(actor) -> str:
    return getattr(actor, "username", "") or (str(actor) if actor else "system")


def _account(budget: Budget, purpose: str) -> Account:
    return budget.accounts.get(purpose=purpose)


def _ensure_accounts(budget: Budget) -> None:
    for purpose in Purpose.values:
        Account.objects.get_or_create(
            budget=budget,
            purpose=purpose,
            defaults={"debits_must_not_exceed_credits": purpose in _LIMITED},
        )


def _check_budget_args(funder_region: str, region_code: str, fiscal_year: int, line: str) -> None:
    if not (is_region_code(funder_region) and is_region_code(region_code)):
        raise ValidationFailed("行政区划代码应为6位数字", code=Err.REGION_INVALID)
    if not region_within(region_code, funder_region):
        raise ValidationFailed("资金只能分配到出资方辖区内的地区", code=Err.REGION_OUTSIDE_FUNDER)
    if line not in BudgetLine.values:
        raise ValidationFailed("预算科目不正确", code=Err.LINE_INVALID)
    if not (isinstance(fiscal_year, int) and 2000 <= fiscal_year <= 2100):
        raise ValidationFailed("预算年度不正确", code=Err.YEAR_INVALID)


def _default_name(funder_region: str, region_code: str) -> str:
    level = FunderLevel(region_level(funder_region)).label
    held = "" if region_code == funder_region else f" · 下拨至{region_label(region_code)}"
    return f"{region_label(funder_region)}{level}资金{held}"


def budget_open(
    *,
    actor,
    funder_region: str,
    fiscal_year: int,
    line: str = BudgetLine.VOUCHERS,
    region_code: str | None = None,
    name: str = "",
) -> Budget:
    """The budget (with its accounts) for a funder, year, line and holding region; idempotent."""
    region_code = region_code or funder_region
    _check_budget_args(funder_region, region_code, fiscal_year, line)
    permissions.require_write(actor, region_code)
    with transaction.atomic():
        budget = _get_or_create_budget(funder_region, region_code, fiscal_year, line, name)
        _ensure_accounts(budget)
    return budget


def _get_or_create_budget(funder_region, region_code, fiscal_year, line, name) -> Budget:
    keys = {
        "funder_region": funder_region,
        "region_code": region_code,
        "fiscal_year": fiscal_year,
        "line": line,
    }
    defaults = {
        "funder_level": region_level(funder_region),
        "name": name or _default_name(funder_region, region_code),
        "created_at": clock.now(),
    }
    try:
        budget, _ = Budget.objects.get_or_create(**keys, defaults=defaults)
    except IntegrityError:  # pragma: no cover - get_or_create already retries the get
        budget = Budget.objects.get(**keys)
    return budget


def _positive(amount_fen) -> int:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
        raise ValidationFailed("金额必须大于零", code=CoreCode.AMOUNT_INVALID)
    return amount_fen


def _reference(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference or len(reference) > 80:
        raise ValidationFailed(
            "请填写文号或业务编号（不超过80个字符），同一文号重复提交不会重复记账",
            code=Err.REFERENCE_REQUIRED,
        )
    return reference


@atomic_service
def budget_appropriate(
    *, actor, budget: Budget, amount_fen: int, reference: str, memo: str = ""
) -> Transfer:
    """Finance puts money into a funder's own budget (预算下达). Idempotent per reference."""
    if not budget.is_pool:
        raise ValidationFailed(
            "财政下达只能进入出资方本级预算，下级预算请使用分配下拨", code=Err.NOT_POOL
        )
    permissions.require_write(actor, budget.funder_region)
    spec = TransferSpec(
        key=f"appropriate:{budget.pk}:{_reference(reference)}",
        code=Code.APPROPRIATE,
        reference=reference.strip(),
        amount_fen=_positive(amount_fen),
        debit=_account(budget, Purpose.APPROPRIATION),
        credit=_account(budget, Purpose.AVAILABLE),
        memo=memo,
    )
    transfer = _write(actor, spec, "ledger.budget.appropriate", budget)
    queue_serve(actor=actor, budgets=[budget])
    return transfer


@atomic_service
def budget_allocate(
    *,
    actor,
    source: Budget,
    to_region: str,
    amount_fen: int,
    reference: str,
    memo: str = "",
    name: str = "",
) -> Transfer:
    """Move money from a budget to the same funder's budget held in a region below (下拨)."""
    permissions.require_write(actor, source.region_code)
    if to_region == source.region_code or not region_within(to_region, source.region_code):
        raise ValidationFailed(
            "只能向本级资金所在地区的下级地区分配",
            code=Err.REGION_INVALID,
            details={"to_region": to_region},
        )
    target = budget_open(
        actor=actor,
        funder_region=source.funder_region,
        fiscal_year=source.fiscal_year,
        line=source.line,
        region_code=to_region,
        name=name,
    )
    spec = TransferSpec(
        key=f"allocate:{source.pk}:{to_region}:{_reference(reference)}",
        code=Code.ALLOCATE,
        reference=reference.strip(),
        amount_fen=_positive(amount_fen),
        debit=_account(source, Purpose.AVAILABLE),
        credit=_account(target, Purpose.AVAILABLE),
        memo=memo,
    )
    transfer = _write(actor, spec, "ledger.budget.allocate", source, {"to_region": to_region})
    queue_serve(actor=actor, budgets=[target])
    return transfer


@atomic_service
def budget_carry_over(
    *, actor, budget: Budget, reference: str, amount_fen: int | None = None
) -> Transfer | None:
    """Carry the unspent money (or `amount_fen` of it) to the same budget of the next year.

    Claims queued on this budget move with the money and keep their place in the queue — except
    claims of a policy whose `process.carry_over` is false (Shanxi art. 4 以年度为周期、兑完为止;
    Urumqi art. 14 每年使用额度; Liaocheng art. 3; Shaoxing 四（一）): those stay in their own year.
    """
    permissions.require_write(actor, budget.region_code)
    amount = (
        amount_fen if amount_fen is not None else _account(budget, Purpose.AVAILABLE).spendable_fen
    )
    target = budget_open(
        actor=actor,
        funder_region=budget.funder_region,
        fiscal_year=budget.fiscal_year + 1,
        line=budget.line,
        region_code=budget.region_code,
        name=budget.name,
    )
    waiting = Claim.objects.filter(status=Claim.Status.QUEUED, waiting_budget=budget)
    stay = [
        family
        for family in set(waiting.values_list("family", flat=True))
        if not carry_over_allowed(family_slug=family, fiscal_year=budget.fiscal_year)
    ]
    moved = waiting.exclude(family__in=stay).update(
        fiscal_year=budget.fiscal_year + 1, waiting_budget=None, updated_at=clock.now()
    )
    transfer = None
    if amount > 0:
        spec = TransferSpec(
            key=f"carry_over:{budget.pk}:{_reference(reference)}",
            code=Code.CARRY_OVER,
            reference=reference.strip(),
            amount_fen=amount,
            debit=_account(budget, Purpose.AVAILABLE),
            credit=_account(target, Purpose.AVAILABLE),
            memo=f"结转至{target.fiscal_year}年度",
        )
        transfer = _write(actor, spec, "ledger.budget.carry_over", budget, {"claims_moved": moved})
    queue_serve(actor=actor, budgets=[target])
    return transfer


@atomic_service
def budget_correct(
    *, actor, debit: Account, credit: Account, amount_fen: int, reference: str, memo: str
) -> Transfer:
    """A correcting transfer between two accounts of the same funder (更正分录). Never an edit."""
    if debit.budget.funder_region != credit.budget.funder_region:
        raise ValidationFailed("更正只能在同一出资方的账户之间进行", code=Err.FUNDER_MISMATCH)
    if not (memo or "").strip():
        raise ValidationFailed("请填写更正原因", code=Err.MEMO_REQUIRED)
    for account in (debit, credit):
        permissions.require_write(actor, account.budget.region_code)
    spec = TransferSpec(
        key=f"correction:{_reference(reference)}",
        code=Code.CORRECTION,
        reference=reference.strip(),
        amount_fen=_positive(amount_fen),
        debit=debit,
        credit=credit,
        memo=memo,
    )
    transfer = _write(actor, spec, "ledger.budget.correct", debit.budget)
    queue_serve(actor=actor, budgets=[credit.budget])
    return transfer


def _write(
    actor, spec: TransferSpec, action: str, budget: Budget, data: dict | None = None
) -> Transfer:
    executed = transfers_execute([spec], actor_label=_label(actor))[0]
    if executed.created:
        payload = {
            "key": spec.key,
            "amount_fen": spec.amount_fen,
            "budget": budget.pk,
            **(data or {}),
        }
        audit.record(
            actor=actor,
            action=action,
            obj=executed.transfer,
            region_code=budget.region_code,
            data=payload,
        )
    return executed.transfer
