"""Admission lifecycle: statuses and the transition table of the reviewed route. One executor
(`services.admission.apply_transition`) applies it with a compare-and-swap update."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class AdmissionRoute(models.TextChoices):
    DIRECT = "direct", "直接入库（免审入库）"
    REVIEWED = "reviewed", "申报评审入库"
    SUPPLEMENTARY = "supplementary", "兑付期补充入库"


class AdmissionStatus(models.TextChoices):
    APPLIED = "applied", "待区县初审"
    EXPERT_REVIEW = "expert_review", "专家评审中"
    MEETING = "meeting", "待会议审议"
    PUBLICITY = "publicity", "公示中"
    ADMITTED = "admitted", "已入库"
    SUSPENDED = "suspended", "暂停服务"
    REJECTED = "rejected", "未通过"
    REVOKED = "revoked", "已撤销入库"


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
SYSTEM = "system"  # applied by the service itself (all experts have scored)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    by: str
    needs_reasons: bool = False


S = AdmissionStatus
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("initial_pass", "初审推荐", frozenset({S.APPLIED}), S.EXPERT_REVIEW, COUNTY),
        Transition(
            "initial_reject",
            "初审不予推荐",
            frozenset({S.APPLIED}),
            S.REJECTED,
            COUNTY,
            needs_reasons=True,
        ),
        Transition(
            "scores_complete", "专家评审完成", frozenset({S.EXPERT_REVIEW}), S.MEETING, SYSTEM
        ),
        Transition(
            "meeting_approve", "会议审议通过", frozenset({S.MEETING}), S.PUBLICITY, REVIEWER
        ),
        Transition(
            "meeting_reject",
            "会议审议不通过",
            frozenset({S.MEETING}),
            S.REJECTED,
            REVIEWER,
            needs_reasons=True,
        ),
        Transition(
            "publicity_objection",
            "公示有异议不予入库",
            frozenset({S.PUBLICITY}),
            S.REJECTED,
            REVIEWER,
            needs_reasons=True,
        ),
        Transition("admit", "公示期满入库", frozenset({S.PUBLICITY}), S.ADMITTED, REVIEWER),
        Transition(
            "suspend",
            "暂停服务",
            frozenset({S.ADMITTED}),
            S.SUSPENDED,
            REVIEWER,
            needs_reasons=True,
        ),
        Transition("resume", "恢复服务", frozenset({S.SUSPENDED}), S.ADMITTED, REVIEWER),
        Transition(
            "revoke",
            "撤销入库",
            frozenset({S.ADMITTED, S.SUSPENDED}),
            S.REVOKED,
            REVIEWER,
            needs_reasons=True,
        ),
    )
}


def actions_from(status: str) -> list[Transition]:
    """Transitions a person (not the system) may apply from `status`, in table order."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.by != SYSTEM]


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", "待确认"
    CONFIRMED = "confirmed", "已确认"
    CANCELLED = "cancelled", "已取消"
    COMPLETED = "completed", "已完成"


# Bookings that hold their time slot.
HOLDING_BOOKING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class BookingUnit(models.TextChoices):
    HOUR = "hour", "按机时"
    SAMPLE = "sample", "按样品数"


# Booking actions: who may take them from which statuses. The provider's staff confirm, cancel
# (with a reason) and complete; the booking organisation may cancel its own booking.
PROVIDER_SIDE = "provider"
EITHER_SIDE = "either"
BOOKING_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "confirm",
            "确认预约",
            frozenset({BookingStatus.REQUESTED}),
            BookingStatus.CONFIRMED,
            PROVIDER_SIDE,
        ),
        Transition(
            "cancel",
            "取消预约",
            frozenset(HOLDING_BOOKING_STATUSES),
            BookingStatus.CANCELLED,
            EITHER_SIDE,
        ),
        Transition(
            "complete",
            "确认完成",
            frozenset({BookingStatus.CONFIRMED}),
            BookingStatus.COMPLETED,
            PROVIDER_SIDE,
        ),
    )
}


def booking_actions_from(status: str, *, provider_side: bool) -> list[Transition]:
    """Booking actions open from `status` to the provider's staff or (provider_side=False) the booker."""
    return [
        t
        for t in BOOKING_TRANSITIONS.values()
        if status in t.sources and (provider_side or t.by == EITHER_SIDE)
    ]


class RecognitionBasis(models.TextChoices):
    AGREEMENT = "agreement", "合作协议引入"
    LOCAL_DEPARTMENT = "local_department", "所在地科技管理部门认定"


class RecognitionStatus(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REFUSED = "refused", "不予确认"
    WITHDRAWN = "withdrawn", "已撤回"
    REVOKED = "revoked", "已撤销"


OFFICIAL = "official"  # an official (province / city reviewer, operator) whose region contains the policy's region
PROVIDER = "provider"  # staff of the provider that filed the recognition
R = RecognitionStatus
RECOGNITION_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("confirm", "确认认定", frozenset({R.SUBMITTED}), R.CONFIRMED, OFFICIAL),
        Transition(
            "refuse", "不予确认", frozenset({R.SUBMITTED}), R.REFUSED, OFFICIAL, needs_reasons=True
        ),
        Transition("withdraw", "撤回", frozenset({R.SUBMITTED}), R.WITHDRAWN, PROVIDER),
        Transition(
            "revoke", "撤销认定", frozenset({R.CONFIRMED}), R.REVOKED, OFFICIAL, needs_reasons=True
        ),
    )
}


def recognition_actions_from(status: str, by: str) -> list[Transition]:
    return [t for t in RECOGNITION_TRANSITIONS.values() if status in t.sources and t.by == by]


# Chinese labels of every admission-history action (change rows and the audit trail).
ADMISSION_ACTION_LABELS = {
    "apply": "提交入库申请",
    "direct": "直接入库",
    **{a: t.label for a, t in TRANSITIONS.items()},
}
