"""What the voucher lifecycle calls: reserve on approval, release, recover after payment.

    claim_reserve(actor=reviewer, reference="redemption:123", region_code="140105",
                  fiscal_year=2026, shares={"province": 500000, "city": 500000},
                  payee=Payee("applicant", "太原某某科技有限公司", "6222****1234"),
                  completed_at=application.completed_at, excess="wait",
                  caps=[{"key": "applicant:9114…", "limit_fen": 50000000}], family="shanxi")

returns the Claim: `reserved`, `queued` (with its reason and place in the queue) or
`rejected` (with its reason). Calling it again with the same content returns the same claim.
These services trust their caller (the lifecycle has checked who may approve); they write
the audit event in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from innovoucher.core import audit, clock
from innovoucher.core.errors import Conflict, NotFound, ValidationFailed
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.money import split_largest_remainder
from innovoucher.ledger.codes import Code, Reason
from innovoucher.ledger.models import (
    BudgetLine,
    Claim,
    ClaimShare,
    Excess,
    FunderLevel,
    PayeeKind,
    PaymentLine,
    Purpose,
    Transfer,
)
from innovoucher.ledger.services._tx import atomic_service
from innovoucher.ledger.services.caps import caps_release, normalise_caps
from innovoucher.ledger.services.engine import TransferSpec, transfers_execute
from innovoucher.ledger.services.lifecycles import CLAIM, LINE
from innovoucher.ledger.services.queue import (
    budgets_for,
    queue_ahead,
    queue_serve,
    refuse,
    reserve_attempt,
)
from innovoucher.regions.domain import is_region_code

Status = Claim.Status
ShareStatus = ClaimShare.Status


@dataclass(frozen=True)
class Payee:
    kind: str
    name: str
    account_masked: str = ""
    ref: str = ""  # e.g. ``organisation:42`` (`ledger.payees`): the account is asked at export


def _label(actor) -> str:
    return getattr(actor, "username", "") or (str(actor) if actor else "system")


def _validate(reference, region_code, fiscal_year, shares, payee, excess, line) -> None:
    problems = []
    if not reference or len(reference) > 120:
        problems.append("业务编号不能为空且不超过120个字符")
    if not is_region_code(region_code):
        problems.append("申请主体行政区划代码应为6位数字")
    if not isinstance(fiscal_year, int) or not 2000 <= fiscal_year <= 2100:
        problems.append("兑付年度不正确")
    if not shares or any(level not in FunderLevel.values for level in shares):
        problems.append("出资份额须按 province / city / county 给出")
    if any(
        not isinstance(v, int) or isinstance(v, bool) or v <= 0 for v in (shares or {}).values()
    ):
        problems.append("每个出资份额须为正整数（分）")
    if payee.kind not in PayeeKind.values or not payee.name.strip():
        problems.append("收款方类型须为 applicant 或 provider，且须有名称")
    if excess not in Excess.values or line not in BudgetLine.values:
        problems.append("资金不足处理方式或预算科目不正确")
    if problems:
        raise ValidationFailed(
            "；".join(problems), code=Code.CLAIM_INVALID, details={"problems": problems}
        )


@atomic_service
def claim_reserve(
    *,
    actor,
    reference: str,
    region_code: str,
    fiscal_year: int,
    shares: dict[str, int],
    payee: Payee,
    completed_at,
    excess: str = Excess.WAIT,
    caps=(),
    family: str = "",
    line: str = BudgetLine.VOUCHERS,
) -> Claim:
    """Reserve the shares of an approved application, or queue / reject it per the policy."""
    _validate(reference, region_code, fiscal_year, shares, payee, excess, line)
    fields = {
        "family": family,
        "region_code": region_code,
        "fiscal_year": fiscal_year,
        "line": line,
        "amount_fen": sum(shares.values()),
        "payee_kind": payee.kind,
        "payee_name": payee.name.strip()[:120],
        "payee_account_masked": payee.account_masked[:40],
        "payee_ref": payee.ref[:60],
        "completed_at": completed_at,
        "excess": excess,
        "caps": normalise_caps(caps),
    }
    claim, created = _create(reference, fields, shares)
    if not created:
        return claim
    budgets = budgets_for(claim)
    refusal = queue_ahead(claim, budgets) or reserve_attempt(
        claim, actor=actor, budgets=budgets, audit_data={"shares": shares}
    )
    if refusal is not None:
        refuse(claim, refusal, actor=actor, first=True, audit_data={"shares": shares})
    return claim


def _create(reference: str, fields: dict, shares: dict[str, int]) -> tuple[Claim, bool]:
    """Insert the claim (the reference is UNIQUE: a repeated call finds the stored one through
    the IntegrityError, without a read before every first insert) and its shares."""
    now = clock.now()
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                reference=reference, status=Status.QUEUED, created_at=now, updated_at=now, **fields
            )
    except IntegrityError:
        return _same_or_conflict(Claim.objects.get(reference=reference), fields, shares), False
    rows = ClaimShare.objects.bulk_create(
        [
            ClaimShare(claim=claim, funder_level=level, amount_fen=fen)
            for level, fen in sorted(shares.items())
        ]
    )
    if all(row.pk is not None for row in rows):  # the reservation reads them from memory
        claim._prefetched_objects_cache = {"shares": rows}
    return claim, True


def _same_or_conflict(claim: Claim, fields: dict, shares: dict[str, int]) -> Claim:
    stored_shares = {s.funder_level: s.amount_fen for s in claim.shares.all()}
    if (
        stored_shares != shares
        or claim.payee_name != fields["payee_name"]
        or claim.region_code != fields["region_code"]
    ):
        raise Conflict(
            f"业务编号“{claim.reference}”已登记了不同的兑付内容",
            code=Code.CLAIM_CONFLICT,
            details={"claim": claim.pk},
        )
    return claim


def claim_get(*, reference: str) -> Claim:
    claim = Claim.objects.filter(reference=reference).first()
    if claim is None:
        raise NotFound(f"兑付申请“{reference}”不存在", code=Code.CLAIM_NOT_FOUND)
    return claim


@atomic_service
def claim_release(*, actor, reference: str, reason: str) -> Claim:
    """Give the money back to the budgets: rejection, withdrawal or expiry. Idempotent."""
    claim = claim_get(reference=reference)
    if claim.status in (Status.RELEASED, Status.REJECTED):
        return claim
    shares = list(claim.shares.select_related("pending_transfer", "budget"))
    _refuse_release_when_paying(claim, shares)
    was_reserved = claim.status == Status.RESERVED
    transition_apply(
        CLAIM,
        actor=actor,
        obj=claim,
        action="release",
        by=SYSTEM,
        values={"reason_code": Reason.RELEASED, "reason": reason[:300], "updated_at": clock.now()},
        audit_data={"reason": reason},
        after=lambda released: _give_back(released, shares, actor, was_reserved=was_reserved),
    )
    queue_serve(actor=actor, budgets=[s.budget for s in shares if s.budget is not None])
    claim.refresh_from_db()
    return claim


def _give_back(claim: Claim, shares: list[ClaimShare], actor, *, was_reserved: bool) -> None:
    """The money of a released claim back to its budgets, its caps freed, its lines cancelled."""
    for share in shares:
        _release_share(claim, share, actor)
    if was_reserved:
        caps_release(
            family=claim.family,
            year=claim.fiscal_year,
            caps=claim.caps,
            amount_fen=claim.amount_fen,
        )
    for line in PaymentLine.objects.filter(claim=claim, status=PaymentLine.Status.PENDING):
        transition_apply(LINE, actor=actor, obj=line, action="cancel", by=SYSTEM)


def _refuse_release_when_paying(claim: Claim, shares: list[ClaimShare]) -> None:
    if any(s.status == ShareStatus.PAID for s in shares):
        raise Conflict("该申请已有资金支付到账，不能释放；如需收回请使用追回", code=Code.CLAIM_PAID)
    if PaymentLine.objects.filter(claim=claim, status=PaymentLine.Status.EXPORTED).exists():
        raise Conflict("该申请已在银行支付途中，请待银行回执后再处理", code=Code.CLAIM_IN_PAYMENT)


def _release_share(claim: Claim, share: ClaimShare, actor) -> None:
    if share.status == ShareStatus.RESERVED:
        spec = TransferSpec(
            key=f"void:{share.pending_transfer_id}",
            code=Transfer.Code.VOID,
            reference=claim.reference,
            kind=Transfer.Kind.VOID,
            pending=share.pending_transfer,
        )
    elif share.status == ShareStatus.PAYABLE:
        accounts = {a.purpose: a for a in share.budget.accounts.all()}
        spec = TransferSpec(
            key=f"unpay:{share.pk}",
            code=Transfer.Code.CORRECTION,
            reference=claim.reference,
            amount_fen=share.amount_fen,
            debit=accounts[Purpose.PAYABLE],
            credit=accounts[Purpose.AVAILABLE],
            memo="撤销已下达未支付的款项",
        )
    else:
        return
    transfers_execute([spec], actor_label=_label(actor))
    if not ClaimShare.objects.filter(pk=share.pk, status=share.status).update(
        status=ShareStatus.RELEASED
    ):
        raise Conflict(f"{share} 的状态已变化，请刷新后重试", code=Code.SHARE_CHANGED)


@atomic_service
def claim_recover(
    *, actor, reference: str, amount_fen: int, recovery_reference: str, reason: str
) -> Claim:
    """Money clawed back after payment returns to the budgets it came from (追回)."""
    claim = claim_get(reference=reference)
    shares = [s for s in claim.shares.select_related("budget") if s.status == ShareStatus.PAID]
    room = {str(s.pk): s.amount_fen - s.recovered_fen for s in shares}
    if not isinstance(amount_fen, int) or amount_fen <= 0 or amount_fen > sum(room.values()):
        raise ValidationFailed(
            f"追回金额须大于零且不超过已支付未追回的 {sum(room.values())} 分",
            code=Code.RECOVER_INVALID,
        )
    parts = _split_recovery(amount_fen, shares, room)
    for share in shares:
        if parts.get(str(share.pk)):
            _recover_share(claim, share, parts[str(share.pk)], recovery_reference, actor)
    audit.record(
        actor=actor,
        action="ledger.claim.recover",
        obj=claim,
        region_code=claim.region_code,
        data={"amount_fen": amount_fen, "recovery_reference": recovery_reference, "reason": reason},
    )
    queue_serve(actor=actor, budgets=[s.budget for s in shares])
    return claim


def _split_recovery(
    amount_fen: int, shares: list[ClaimShare], room: dict[str, int]
) -> dict[str, int]:
    parts = split_largest_remainder(amount_fen, [(str(s.pk), s.amount_fen) for s in shares])
    over = sum(max(parts[k] - room[k], 0) for k in parts)
    parts = {k: min(v, room[k]) for k, v in parts.items()}
    for k in parts:  # move what one share cannot take to the others, in order
        take = min(over, room[k] - parts[k])
        parts[k], over = parts[k] + take, over - take
    return parts


def _recover_share(
    claim: Claim, share: ClaimShare, amount: int, recovery_reference: str, actor
) -> None:
    accounts = {a.purpose: a for a in share.budget.accounts.all()}
    spec = TransferSpec(
        key=f"recover:{share.pk}:{recovery_reference}"[:160],
        code=Transfer.Code.RECOVER,
        reference=claim.reference,
        amount_fen=amount,
        debit=accounts[Purpose.RECOVERED],
        credit=accounts[Purpose.AVAILABLE],
        memo=f"追回 {recovery_reference}",
    )
    if not transfers_execute([spec], actor_label=_label(actor))[0].created:
        return
    bounded = ClaimShare.objects.filter(
        pk=share.pk, status=ShareStatus.PAID, recovered_fen__lte=F("amount_fen") - amount
    )
    if not bounded.update(recovered_fen=F("recovered_fen") + amount):
        raise Conflict("追回金额超过该份额已支付金额", code=Code.RECOVER_EXCEEDS)


def claim_recovered_fen(claim: Claim) -> int:
    return claim.shares.aggregate(total=Sum("recovered_fen"))["total"] or 0
