"""Registry lifecycles: statuses and the transition tables of registration and change filing.

The one executor is `core.lifecycle.transition_apply`; `services.registration` and
`services.filings` declare the two `Lifecycle`s (audit actions `registry.registration.<action>`
and `registry.filing.<action>`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovoucher.core.lifecycle import Transition, transitions
from innovoucher.core.lifecycle import actions_from as _actions_from


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class FactStatus(models.TextChoices):
    DECLARED = "declared", _("待核验")
    VERIFIED = "verified", _("已核验")
    REJECTED = "rejected", _("核验未通过")


REVIEWER = "reviewer"  # a registration reviewer whose region contains the organisation's
PARTY = "party"  # a person acting for the organisation (or the incubator hosting a team)

R_ = RegistrationStatus
TRANSITIONS = transitions(
    Transition("approve", _("审核通过"), frozenset({R_.SUBMITTED}), R_.APPROVED, REVIEWER),
    Transition(
        "return",
        _("退回修改"),
        frozenset({R_.SUBMITTED}),
        R_.RETURNED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "reject",
        _("不予通过"),
        frozenset({R_.SUBMITTED}),
        R_.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition("resubmit", _("修改后重新提交"), frozenset({R_.RETURNED}), R_.SUBMITTED, PARTY),
)
REVIEW_ACTIONS = ("approve", "return", "reject")


def actions_from(status: str, by: str | Iterable[str]) -> list[Transition]:
    """Transitions `by` (REVIEWER or PARTY, or both) may apply from `status`, in table order."""
    return _actions_from(TRANSITIONS, status, by)


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("已备案")
    REJECTED = "rejected", _("不予备案")
    WITHDRAWN = "withdrawn", _("已撤回")


# A filing in one of these is open: one open filing per organisation at a time.
OPEN_FILING_STATUSES = (ChangeStatus.SUBMITTED, ChangeStatus.RETURNED)
F_ = ChangeStatus
CHANGE_TRANSITIONS = transitions(
    Transition("approve", _("准予备案"), frozenset({F_.SUBMITTED}), F_.APPROVED, REVIEWER),
    Transition(
        "return",
        _("退回补正"),
        frozenset({F_.SUBMITTED}),
        F_.RETURNED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "reject",
        _("不予备案"),
        frozenset({F_.SUBMITTED}),
        F_.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition("resubmit", _("补正后重新提交"), frozenset({F_.RETURNED}), F_.SUBMITTED, PARTY),
    Transition("withdraw", _("撤回"), frozenset({F_.SUBMITTED, F_.RETURNED}), F_.WITHDRAWN, PARTY),
)
FILING_REVIEW_ACTIONS = ("approve", "return", "reject")
FILING_ACTION_LABELS = {
    "submit": _("提交变更备案"),
    **{a: t.label for a, t in CHANGE_TRANSITIONS.items()},
}


def filing_actions_from(status: str, by: str | Iterable[str]) -> list[Transition]:
    return _actions_from(CHANGE_TRANSITIONS, status, by)


# Badge tones (`{% status_badge %}`): one map for every registry status value. The three enums
# share values with the same meaning, so one map serves them all.
TONES = {
    RegistrationStatus.SUBMITTED: "info",
    RegistrationStatus.RETURNED: "warn",
    RegistrationStatus.APPROVED: "ok",
    RegistrationStatus.REJECTED: "bad",
    ChangeStatus.WITHDRAWN: "bad",
    FactStatus.DECLARED: "info",
    FactStatus.VERIFIED: "ok",
}
