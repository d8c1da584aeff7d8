"""What happens when the last review step of a redemption approves it.

    review_passed(actor=reviewer, redemption=r)

called by `review.py` inside the approving transaction (and again after a re-deliberation that
a publicity objection caused). Where the pinned policy has a publicity period the redemption
enters publicity and is listed on the list being prepared by its publishing body
(`services.publicity`); the tick closes the list, issues the approval document (批复) and
reserves the money. The shares the publicity does not gate (`process.publicity.gates`; Liaocheng
art. 20 gates only the city's) are reserved at once and paid in their funder's own batches. Without
publicity (Ningxia) it is approved at once and the funders' shares
are reserved in the ledger straight away (`services.payment`); the day's approvals are
gathered in one 批复 by the tick the next day.
"""

from __future__ import annotations

from django.db import transaction

from innovoucher.core.lifecycle import SYSTEM, transition_apply
from innovoucher.core.refresh import refresh
from innovoucher.core.requestcache import memo_scope
from innovoucher.policies.services import engine_version
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services.lifecycle import REDEMPTION
from innovoucher.redemptions.services.payment import (
    PAYMENT_RELATED,
    payment_reserve_early,
    reserve_fresh,
)
from innovoucher.redemptions.services.publicity import publicity_list_item

# The rows the approval reads besides the redemption's own (loaded with it in one query).
LOADED = tuple(name.split("__")[0] for name in PAYMENT_RELATED)


def has_publicity(redemption: Redemption) -> bool:
    version = engine_version(redemption.policy_version)
    return "publicity" in version.process


def review_passed(*, actor, redemption: Redemption) -> Redemption:
    with memo_scope(), transaction.atomic():
        if not all(redemption._meta.get_field(name).is_cached(redemption) for name in LOADED):
            refresh(redemption, related=PAYMENT_RELATED)
        if has_publicity(redemption):
            redemption = transition_apply(
                REDEMPTION, actor=actor, obj=redemption, action="to_publicity", by=SYSTEM
            )
            publicity_list_item(actor=actor, redemption=redemption)
            payment_reserve_early(actor=actor, redemption=redemption)
            return redemption
        redemption = transition_apply(
            REDEMPTION, actor=actor, obj=redemption, action="approve", by=SYSTEM
        )
        return reserve_fresh(actor=actor, redemption=redemption)  # re-read by the approval
