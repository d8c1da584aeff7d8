"""What an application holds while it is alive — its invoice number, its voucher use and the
money of the funder shares its publicity does not gate — and their release when it ends without
money (withdrawn, rejected, refused for want of budget).

Claim references: `redemption:<number>` is the claim reserved on approval (after the publicity
where there is one); `redemption:<number>:<levels>` (e.g. `…:province`) is the claim of the
shares that `process.publicity.gates` leaves out, reserved as soon as the review chain has
passed (Liaocheng art. 17 / 20: the province pays monthly after 省科技厅确认, the city after
公示). A re-deliberation that changes those shares releases the unpaid claim and reserves a
new one with a counter (`…:province:2`).
"""

from __future__ import annotations

import logging

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.core.i18n import chinese
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import Claim
from innovoucher.redemptions.models import Invoice, Redemption
from innovoucher.redemptions.services import vouchering

log = logging.getLogger(__name__)


def claim_reference(redemption: Redemption) -> str:
    return f"redemption:{redemption.number}"


def early_claims(redemption: Redemption):
    """The claims of shares reserved ahead of the publicity (live ones first, newest first)."""
    return Claim.objects.filter(reference__startswith=f"{claim_reference(redemption)}:").order_by(
        "-id"
    )


def early_claim(redemption: Redemption) -> Claim | None:
    """The one early claim still alive (not released), if any."""
    return early_claims(redemption).exclude(status=Claim.Status.RELEASED).first()


def release_early_claim(*, actor, redemption: Redemption, reason: str) -> None:
    """Give back the early shares of an application that ends without money. Money already
    paid or in the bank's hands stays where it is (a clawback is a recovery); logged."""
    claim = early_claim(redemption)
    if claim is None or claim.status in (Claim.Status.REJECTED, Claim.Status.PAID):
        return
    try:
        ledger.claim_release(actor=actor, reference=claim.reference, reason=reason)
    except Conflict as exc:
        log.warning("兑付申请 %s 提前预留的资金未能释放：%s", redemption.number, exc.message)


@chinese  # stored text stays Chinese
def release_holdings(*, actor, redemption: Redemption) -> None:
    """Free the invoice number, give the voucher use back and release the money reserved ahead
    of the publicity (inside the caller's transaction)."""
    Invoice.objects.filter(redemption=redemption, released_at__isnull=True).update(
        released_at=clock.now()
    )
    vouchering.unuse(actor=actor, redemption=redemption)
    reason = "；".join(redemption.reasons or []) or redemption.get_status_display()
    release_early_claim(actor=actor, redemption=redemption, reason=f"兑付申请未获支持：{reason}")
