"""Every state × action of the redemption transition table through the services: the allowed
ones move the status to the table's target, the others are refused and change nothing."""

import pytest

from innovoucher.core import clock
from innovoucher.core.errors import Conflict
from innovoucher.redemptions.models import Redemption
from innovoucher.redemptions.services import resubmission, review, steps, submission
from innovoucher.redemptions.states import TRANSITIONS, RedemptionStatus
from innovoucher.redemptions.tests.intake_support import documents, intake_env, submit, world_for  # noqa: F401
from testsupport.world import START

STATES = list(RedemptionStatus.values)


def _force(r: Redemption, status: str, keep_steps: bool) -> Redemption:
    """SCAFFOLDING: put an application into `status` (keeping its pending first step for the
    review actions to find; otherwise without steps, as an application waiting for confirmation
    or correction has none open)."""
    if not keep_steps:
        r.steps.all().delete()
    Redemption.objects.filter(pk=r.pk).update(status=status)
    r.refresh_from_db()
    return r


def _call(world, action, r):
    step = steps.pending_step(r)
    return {
        "confirm": lambda: submission.redemption_confirm(actor=world.provider_user, redemption=r),
        "decline": lambda: submission.redemption_decline(
            actor=world.provider_user, redemption=r, reasons=["服务内容不符"]
        ),
        "withdraw": lambda: submission.redemption_withdraw(actor=world.provider_user, redemption=r),
        "resubmit": lambda: resubmission.redemption_resubmit(
            actor=world.provider_user,
            redemption=r,
            documents={"result_report": documents("result_report")["result_report"]},
        ),
        "return": lambda: review.review_decide(
            actor=world.officials["agency"], step=step, action="return", reasons=["请补充报告"]
        ),
        "reject": lambda: review.review_decide(
            actor=world.officials["agency"], step=step, action="reject", reasons=["不符合条件"]
        ),
        "approve": lambda: review.review_decide(
            actor=world.officials["agency"], step=step, action="approve", opinion="同意"
        ),
    }[action]()


# The review actions approve/return/reject all work on `in_review`; approving Ningxia's only step
# is `review_passed` (approved, money reserved).
EXPECTED = {
    "confirm": TRANSITIONS["confirm"],
    "decline": TRANSITIONS["decline"],
    "withdraw": TRANSITIONS["withdraw"],
    "resubmit": TRANSITIONS["resubmit"],
    "return": TRANSITIONS["return"],
    "reject": TRANSITIONS["reject"],
}


@pytest.mark.parametrize("action", [*EXPECTED, "approve"])
def test_each_action_from_every_state(intake_env, action):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        for status in STATES:
            r = _force(submit(w), status, keep_steps=action in ("approve", "return", "reject"))
            if action == "approve":
                # Ningxia's one step (the agency confirms and pays, 第5—6步) ends the review: no
                # publicity, approved and its money reserved at once
                allowed, target = status == "in_review", "payable"
            else:
                allowed, target = status in EXPECTED[action].sources, EXPECTED[action].target
            if allowed:
                moved = _call(w, action, r)
                assert moved.status == target, (action, status)
            else:
                with pytest.raises(Conflict):
                    _call(w, action, r)
                r.refresh_from_db()
                assert r.status == status, (action, status)
            # leave nothing holding the next order's invoice/voucher
            Redemption.objects.filter(pk=r.pk).update(status="withdrawn")
            r.invoices.update(released_at=clock.now())
