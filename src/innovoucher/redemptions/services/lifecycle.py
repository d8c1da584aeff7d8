"""The redemption app's lifecycles, applied by the one engine (`core.lifecycle.transition_apply`).

- `REDEMPTION`: the application (`states.TRANSITIONS`), with its change rows and decision time;
- `STEP`: one review step (`states.STEP_TRANSITIONS`; the step row keeps who decided and when);
- `PUBLICITY`, `ITEM`: a publicity list and one listed redemption (moved by the services and the
  tick);
- `OBJECTION`: an objection, decided by the official of the publishing body.

Audit actions are `redemptions.<entity>.<action>` (`redemptions.redemption.approve`,
`redemptions.step.return`, `redemptions.objection.uphold`, `redemptions.publicity.close`).
Who may act is checked by the `authorize` hooks, region-scoped through `redemptions.permissions`.
"""

from __future__ import annotations

from innovoucher.core.errors import PermissionDenied
from innovoucher.core.lifecycle import Lifecycle, require_source, transition_check
from innovoucher.redemptions import permissions
from innovoucher.redemptions.models import (
    Objection,
    Publicity,
    PublicityItem,
    Redemption,
    RedemptionChange,
    ReviewStep,
)
from innovoucher.redemptions.services.common import policy_region
from innovoucher.redemptions.states import (
    CLAIMANT,
    ITEM_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    OFFICIAL,
    PROVIDER,
    PUBLICITY_TRANSITIONS,
    REVIEWER,
    STEP_TRANSITIONS,
    TRANSITIONS,
    ItemStatus,
    ObjectionStatus,
    PublicityStatus,
    RedemptionStatus,
    StepStatus,
)


def _authorize_redemption(actor, redemption: Redemption, transition) -> None:
    """The claimant's side, the provider's staff, an official of the region; a reviewer's move
    is authorised on the review step it decides (`STEP`), in the same transaction."""
    if transition.by == CLAIMANT:
        permissions.require_claimant(actor, redemption)
    elif transition.by == PROVIDER:
        permissions.require_provider(actor, redemption)
    elif transition.by == OFFICIAL:
        permissions.require_official(actor, redemption.region_code)
    elif transition.by == REVIEWER and not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("审核须由审核人员办理")


def _authorize_step(actor, step: ReviewStep, transition) -> None:
    if transition.by == REVIEWER:
        permissions.require_step(actor, step, policy_region(step.redemption))


def _authorize_objection(actor, objection: Objection, transition) -> None:
    permissions.require_official(actor, objection.item.publicity.region_code)


REDEMPTION = Lifecycle(
    app="redemptions",
    entity="redemption",
    noun="兑付申请",
    model=Redemption,
    statuses=RedemptionStatus,
    table=TRANSITIONS,
    change_model=RedemptionChange,
    change_fk="redemption",
    authorize=_authorize_redemption,
    decided_field="decided_at",
)

STEP = Lifecycle(
    app="redemptions",
    entity="step",
    noun="审核环节",
    model=ReviewStep,
    statuses=StepStatus,
    table=STEP_TRANSITIONS,
    region=lambda step: step.redemption.region_code,
    authorize=_authorize_step,
)

PUBLICITY = Lifecycle(
    app="redemptions",
    entity="publicity",
    noun="公示",
    model=Publicity,
    statuses=PublicityStatus,
    table=PUBLICITY_TRANSITIONS,
    reasons_field=None,
)

ITEM = Lifecycle(
    app="redemptions",
    entity="item",
    noun="公示项目",
    model=PublicityItem,
    statuses=ItemStatus,
    table=ITEM_TRANSITIONS,
    region=lambda item: item.publicity.region_code,
    reasons_field=None,
)

OBJECTION = Lifecycle(
    app="redemptions",
    entity="objection",
    noun="异议",
    model=Objection,
    statuses=ObjectionStatus,
    table=OBJECTION_TRANSITIONS,
    region=lambda objection: objection.item.publicity.region_code,
    authorize=_authorize_objection,
    reasons_field=None,
    decided_field="decided_at",
)


def redemption_check(
    *, actor, redemption: Redemption, action: str, by: str, reasons=(), source: bool = True
) -> None:
    """Refuse early — before a service validates its input — what `transition_apply` would
    refuse: an unknown action, the wrong kind of actor, missing reasons, this actor, and (unless
    the service refuses the status with a more telling code itself) this status."""
    transition, _ = transition_check(REDEMPTION, action=action, by=by, reasons=reasons)
    _authorize_redemption(actor, redemption, transition)
    if source:
        require_source(REDEMPTION, transition, action, redemption.status)
