"""An application that ends without money after a share was already paid ahead of its publicity
(ADR 0027): Liaocheng's province share is paid monthly after 省科技厅确认 (art. 17) while the
city's publicity runs (art. 20); an objection upheld afterwards (异议成立) and a re-deliberation
that refuses the application, or a withdrawal, leave that money with the payee.

    end_with_recovery(actor=…, redemption=r, action="reject_recover"|"withdraw_recover",
                      by=REVIEWER|CLAIMANT, reasons=[…])   # instead of reject / withdraw
    recovery_follow_all(moment)                              # tick: a failed bank line voids it

The city's (gated) share is never reserved: it waits for a clean close of the list, which never
comes. The application goes to `recovering` (不予支持，待追回已拨付资金) in the same transaction as
the decision; the firm (payee) is told what to return and the paying office of each share is told
to collect it. The repayment is recorded by an official with `payment.payment_recover`, the same
recovery as a sanction: the ledger's `claim_recover` returns the money to the budgets it came from
and the application ends `recovered` (its invoice and voucher are given back then, as for any
application refused). Money still in the bank's hands when the application ends counts as due; if
the bank then reports the payment failed, the tick releases the claim and the application ends
`rejected` with nothing to return (`recovery_void`).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Sum

from innovoucher.accounts.roles import Role
from innovoucher.core import audit
from innovoucher.core.errors import Conflict
from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Claim, PaymentLine
from innovoucher.notifications.services import notify_role
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.permissions import OFFICIAL_ROLES
from innovoucher.redemptions.services.common import notify_claimant, redemption_url
from innovoucher.redemptions.services.holdings import early_claim, release_holdings
from innovoucher.redemptions.services.lifecycle import REDEMPTION
from innovoucher.redemptions.states import RedemptionStatus

log = logging.getLogger(__name__)
R = RedemptionStatus
OUT = (PaymentLine.Status.EXPORTED, PaymentLine.Status.PAID)
# The paying office of a share: its finance officers and the reviewers of its region.
FUNDER_ROLES = (Role.FINANCE_OFFICER, *OFFICIAL_ROLES)


def money_out(redemption: Redemption) -> tuple[Claim | None, int, list[str]]:
    """The early claim of `redemption` and the money of it that has left the treasury or is in
    the bank's hands (exported or paid lines), with the paying offices' regions."""
    claim = early_claim(redemption)
    if claim is None:
        return None, 0, []
    lines = PaymentLine.objects.filter(claim=claim, status__in=OUT)
    total = lines.aggregate(total=Sum("amount_fen"))["total"] or 0
    payers = sorted(set(lines.values_list("payer_region", flat=True)))
    return claim, total, payers


def has_money_out(redemption: Redemption) -> bool:
    return money_out(redemption)[1] > 0


def end_with_recovery(*, actor, redemption: Redemption, action: str, by: str, reasons):
    """End the application without money while its early share is paid or being paid: the
    decision (`reject_recover` or `withdraw_recover`), the notices and the audit event in the
    caller's transaction. Returns the redemption in `recovering`."""
    claim, due, payers = money_out(redemption)
    with transaction.atomic():
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action=action, by=by, reasons=reasons
        )
        audit.record(
            actor=actor,
            action="redemptions.payment.recovery_due",
            obj=redemption,
            region_code=redemption.region_code,
            data={
                "claim": claim.reference if claim else "",
                "amount_fen": due,
                "payer_regions": payers,
                "reasons": redemption.reasons,
            },
        )
        _tell_due(redemption, due, payers)
    return redemption


def _tell_due(redemption: Redemption, due: int, payers: list[str]) -> None:
    amount = fen_to_yuan_display(due)
    why = "；".join(redemption.reasons or [])
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 不予支持，已拨付资金须缴回",
        body=(
            f"兑付申请 {redemption.number} 经重新审议不予支持（{why}）。"
            f"已先行拨付的补助资金 {amount} 元须缴回原拨付单位，"
            "缴回后由科技管理部门登记追回；市级补助不再拨付。"
        ),
        key=f"redemption:{redemption.pk}:recovery-due",
    )
    for region in payers:
        notify_role(
            roles=FUNDER_ROLES,
            region_code=region,
            subject=f"已拨付资金待追回（{redemption.number}）",
            body=(
                f"{redemption.applicant.name}的兑付申请 {redemption.number} 经重新审议不予支持"
                f"（{why}），贵单位已拨付（或正在拨付）的 {amount} 元须追回，请督促缴回并登记。"
            ),
            url=redemption_url(redemption),
            key=f"redemption:{redemption.pk}:recovery-due:{region}",
        )


def recovery_completed(*, actor, redemption: Redemption) -> None:
    """After the repayment of a `recovering` application was recorded: its invoice and voucher
    are given back, as for any application that ends without money (in the caller's
    transaction)."""
    release_holdings(actor=actor, redemption=redemption)


# --- tick ------------------------------------------------------------------------------------


def recovery_follow_all(moment=None) -> int:
    """Applications waiting for a repayment whose early payment failed in the bank: nothing left
    the treasury, so the claim is released and the application ends rejected. Idempotent."""
    moved = 0
    for redemption in Redemption.objects.filter(status=R.RECOVERING).order_by("id"):
        if has_money_out(redemption):
            continue
        try:
            with transaction.atomic():
                _void(redemption)
            moved += 1
        except Conflict as exc:  # moved meanwhile: the next run looks again
            log.info("兑付申请 %s 追回状态同步跳过：%s", redemption.number, exc.message)
    return moved


def _void(redemption: Redemption) -> None:
    claim = early_claim(redemption)
    reason = "先行拨付未成功（银行退回），无需缴回"
    if claim is not None and claim.status not in (Claim.Status.RELEASED, Claim.Status.REJECTED):
        ledger.claim_release(actor=None, reference=claim.reference, reason=reason)
    redemption = transition_apply(
        REDEMPTION,
        actor=None,
        obj=redemption,
        action="recovery_void",
        by=SYSTEM,
        reasons=[*(redemption.reasons or []), reason],
    )
    release_holdings(actor=None, redemption=redemption)
    notify_claimant(
        redemption,
        subject=f"兑付申请 {redemption.number} 无需缴回资金",
        body=f"兑付申请 {redemption.number} 不予支持；{reason}。",
        key=f"redemption:{redemption.pk}:recovery-void",
    )
