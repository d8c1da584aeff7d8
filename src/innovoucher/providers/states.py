"""Provider lifecycles: statuses and transition tables of admissions (the reviewed route),
bookings and out-of-region recognitions, and the tone of each status on the pages (`TONES`).

Each table is applied by `core.lifecycle.transition_apply` through the `Lifecycle` declared in its
service module (`services.admission`, `services.booking`, `services.recognition`); who may take a
row is checked there by the `authorize` hooks of `providers.permissions`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innovoucher.core.lifecycle import (
    SYSTEM,
    Transition,
    transitions,
)
from innovoucher.core.lifecycle import (
    actions_from as _actions_from,
)


class AdmissionRoute(models.TextChoices):
    DIRECT = "direct", _("直接入库（免审入库）")
    REVIEWED = "reviewed", _("申报评审入库")
    SUPPLEMENTARY = "supplementary", _("兑付期补充入库")


class AdmissionStatus(models.TextChoices):
    APPLIED = "applied", _("待区县初审")
    EXPERT_REVIEW = "expert_review", _("专家评审中")
    MEETING = "meeting", _("待会议审议")
    PUBLICITY = "publicity", _("公示中")
    ADMITTED = "admitted", _("已入库")
    SUSPENDED = "suspended", _("暂停服务")
    REJECTED = "rejected", _("未通过")
    REVOKED = "revoked", _("已撤销入库")


# An admission in one of these holds the (provider, policy) slot: one at a time.
ACTIVE_STATUSES = (
    AdmissionStatus.APPLIED,
    AdmissionStatus.EXPERT_REVIEW,
    AdmissionStatus.MEETING,
    AdmissionStatus.PUBLICITY,
    AdmissionStatus.ADMITTED,
    AdmissionStatus.SUSPENDED,
)

COUNTY = "county"  # a county reviewer whose region contains the provider
REVIEWER = "reviewer"  # any reviewer (county / city / province) whose region contains the provider
# SYSTEM (core.lifecycle): applied by the service itself (all experts have scored)
PERSON = "person"  # a person who asks for a system row: refused as `system_only`

S = AdmissionStatus
TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "initial_pass", gettext_noop("初审推荐"), frozenset({S.APPLIED}), S.EXPERT_REVIEW, COUNTY
    ),
    Transition(
        "initial_reject",
        gettext_noop("初审不予推荐"),
        frozenset({S.APPLIED}),
        S.REJECTED,
        COUNTY,
        needs_reasons=True,
    ),
    Transition(
        "scores_complete",
        gettext_noop("专家评审完成"),
        frozenset({S.EXPERT_REVIEW}),
        S.MEETING,
        SYSTEM,
    ),
    Transition(
        "meeting_approve",
        gettext_noop("会议审议通过"),
        frozenset({S.MEETING}),
        S.PUBLICITY,
        REVIEWER,
    ),
    Transition(
        "meeting_reject",
        gettext_noop("会议审议不通过"),
        frozenset({S.MEETING}),
        S.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "publicity_objection",
        gettext_noop("公示有异议不予入库"),
        frozenset({S.PUBLICITY}),
        S.REJECTED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition(
        "admit", gettext_noop("公示期满入库"), frozenset({S.PUBLICITY}), S.ADMITTED, REVIEWER
    ),
    Transition(
        "suspend",
        gettext_noop("暂停服务"),
        frozenset({S.ADMITTED}),
        S.SUSPENDED,
        REVIEWER,
        needs_reasons=True,
    ),
    Transition("resume", gettext_noop("恢复服务"), frozenset({S.SUSPENDED}), S.ADMITTED, REVIEWER),
    Transition(
        "revoke",
        gettext_noop("撤销入库"),
        frozenset({S.ADMITTED, S.SUSPENDED}),
        S.REVOKED,
        REVIEWER,
        needs_reasons=True,
    ),
)


def actions_from(status: str) -> list[Transition]:
    """Transitions a person (not the system) may apply from `status`, in table order."""
    return _actions_from(TRANSITIONS, status)


def claimed_kind(table: dict[str, Transition], action: str) -> str:
    """The kind of actor a person claims by asking for `action`: the row's own kind, which the
    lifecycle's `authorize` hook then checks against the actor's roles, region and party. A person
    asking for a system row claims `PERSON` and is refused (`system_only`)."""
    row = table.get(action)
    return PERSON if row is None or row.by == SYSTEM else row.by


class KindLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")


class ServiceStatus(models.TextChoices):
    PUBLISHED = "published", _("已上架")
    WITHDRAWN = "withdrawn", _("已下架")


# The provider's staff withdraw a published service and republish a withdrawn one.
STAFF = "staff"
SERVICE_TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "withdraw",
        gettext_noop("下架"),
        frozenset({ServiceStatus.PUBLISHED}),
        ServiceStatus.WITHDRAWN,
        STAFF,
    ),
    Transition(
        "republish",
        gettext_noop("重新上架"),
        frozenset({ServiceStatus.WITHDRAWN}),
        ServiceStatus.PUBLISHED,
        STAFF,
    ),
)
SERVICE_ACTION_LABELS = {
    "publish": gettext_noop("发布"),
    "edit": gettext_noop("修改"),
    **{a: t.label for a, t in SERVICE_TRANSITIONS.items()},
}


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    CANCELLED = "cancelled", _("已取消")
    COMPLETED = "completed", _("已完成")


# Bookings that hold their time slot.
HOLDING_BOOKING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class BookingUnit(models.TextChoices):
    HOUR = "hour", _("按机时")
    SAMPLE = "sample", _("按样品数")


# Booking actions: who may take them from which statuses. The provider's staff confirm, cancel
# (with a reason) and complete; the booking organisation may cancel its own booking.
PROVIDER_SIDE = "provider"
EITHER_SIDE = "either"
BOOKING_TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "confirm",
        gettext_noop("确认预约"),
        frozenset({BookingStatus.REQUESTED}),
        BookingStatus.CONFIRMED,
        PROVIDER_SIDE,
    ),
    Transition(
        "cancel",
        gettext_noop("取消预约"),
        frozenset(HOLDING_BOOKING_STATUSES),
        BookingStatus.CANCELLED,
        EITHER_SIDE,
    ),
    Transition(
        "complete",
        gettext_noop("确认完成"),
        frozenset({BookingStatus.CONFIRMED}),
        BookingStatus.COMPLETED,
        PROVIDER_SIDE,
    ),
)


def booking_actions_from(status: str, *, provider_side: bool) -> list[Transition]:
    """Booking actions open from `status` to the provider's staff or (provider_side=False) the
    booker."""
    kinds = (PROVIDER_SIDE, EITHER_SIDE) if provider_side else EITHER_SIDE
    return _actions_from(BOOKING_TRANSITIONS, status, kinds)


class RecognitionBasis(models.TextChoices):
    AGREEMENT = "agreement", _("合作协议引入")
    LOCAL_DEPARTMENT = "local_department", _("所在地科技管理部门认定")


class RecognitionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REFUSED = "refused", _("不予确认")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销")


# An official (province / city reviewer, operator) whose region contains the policy's region.
OFFICIAL = "official"
PROVIDER = "provider"  # staff of the provider that filed the recognition
R = RecognitionStatus
RECOGNITION_TRANSITIONS: dict[str, Transition] = transitions(
    Transition(
        "confirm", gettext_noop("确认认定"), frozenset({R.SUBMITTED}), R.CONFIRMED, OFFICIAL
    ),
    Transition(
        "refuse",
        gettext_noop("不予确认"),
        frozenset({R.SUBMITTED}),
        R.REFUSED,
        OFFICIAL,
        needs_reasons=True,
    ),
    Transition("withdraw", gettext_noop("撤回"), frozenset({R.SUBMITTED}), R.WITHDRAWN, PROVIDER),
    Transition(
        "revoke",
        gettext_noop("撤销认定"),
        frozenset({R.CONFIRMED}),
        R.REVOKED,
        OFFICIAL,
        needs_reasons=True,
    ),
)


def recognition_actions_from(status: str, by: str | tuple[str, ...]) -> list[Transition]:
    return _actions_from(RECOGNITION_TRANSITIONS, status, by)


# Chinese labels of every history action (change rows and the audit trail).
ADMISSION_ACTION_LABELS = {
    "apply": gettext_noop("提交入库申请"),
    "direct": gettext_noop("直接入库"),
    **{a: t.label for a, t in TRANSITIONS.items()},
}
RECOGNITION_ACTION_LABELS = {
    "file": gettext_noop("提交认定材料"),
    **{a: t.label for a, t in RECOGNITION_TRANSITIONS.items()},
}
BOOKING_ACTION_LABELS = {
    "request": gettext_noop("提交预约"),
    **{a: t.label for a, t in BOOKING_TRANSITIONS.items()},
}

# The tone of each status on the pages (`{% status_badge %}` of `core.templatetags.ui`). The
# three enums share some values (confirmed, revoked) and mean the same by them.
TONES = {
    AdmissionStatus.APPLIED: "warn",
    AdmissionStatus.EXPERT_REVIEW: "warn",
    AdmissionStatus.MEETING: "warn",
    AdmissionStatus.PUBLICITY: "warn",
    AdmissionStatus.ADMITTED: "ok",
    AdmissionStatus.SUSPENDED: "warn",
    AdmissionStatus.REJECTED: "bad",
    AdmissionStatus.REVOKED: "bad",
    BookingStatus.REQUESTED: "warn",
    BookingStatus.CONFIRMED: "ok",
    BookingStatus.CANCELLED: "bad",
    BookingStatus.COMPLETED: "ok",
    RecognitionStatus.SUBMITTED: "warn",
    RecognitionStatus.CONFIRMED: "ok",
    RecognitionStatus.REFUSED: "bad",
    RecognitionStatus.WITHDRAWN: "bad",
    RecognitionStatus.REVOKED: "bad",
    ServiceStatus.PUBLISHED: "ok",
    ServiceStatus.WITHDRAWN: "muted",
}
