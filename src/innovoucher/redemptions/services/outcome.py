"""What happens when the last review step of a redemption approves it.

    review_passed(actor=reviewer, redemption=r)

called by `review.py` inside the approving transaction. Where the pinned policy has a publicity
period the redemption enters publicity (and is listed on the open publicity of its policy and
region); otherwise it is approved at once, an approval document is issued and the funders'
shares are reserved in the ledger.

(Initial version: moves the status only. The publicity / approval / payment work extends it.)
"""

from __future__ import annotations

from innovoucher.policies.services import engine_version
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services.transition import apply_transition
from innovoucher.redemptions.states import SYSTEM


def has_publicity(redemption: Redemption) -> bool:
    version = engine_version(redemption.policy_version)
    return "publicity" in version.process


def review_passed(*, actor, redemption: Redemption) -> Redemption:
    action = "to_publicity" if has_publicity(redemption) else "approve"
    return apply_transition(actor=actor, redemption=redemption, action=action, by=SYSTEM)
