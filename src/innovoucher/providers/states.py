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
    AdmissionStatus.APPLIED, AdmissionStatus.EXPERT_REVIEW, AdmissionStatus.MEETING, AdmissionStatus.PUBLICITY,
    AdmissionStatus.ADMITTED, AdmissionStatus.SUSPENDED,
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
        Transition("initial_reject", "初审不予推荐", frozenset({S.APPLIED}), S.REJECTED, COUNTY, needs_reasons=True),
        Transition("scores_complete", "专家评审完成", frozenset({S.EXPERT_REVIEW}), S.MEETING, SYSTEM),
        Transition("meeting_approve", "会议审议通过", frozenset({S.MEETING}), S.PUBLICITY, REVIEWER),
        Transition("meeting_reject", "会议审议不通过", frozenset({S.MEETING}), S.REJECTED, REVIEWER, needs_reasons=True),
        Transition("publicity_objection", "公示有异议不予入库", frozenset({S.PUBLICITY}), S.REJECTED, REVIEWER, needs_reasons=True),
        Transition("admit", "公示期满入库", frozenset({S.PUBLICITY}), S.ADMITTED, REVIEWER),
        Transition("suspend", "暂停服务", frozenset({S.ADMITTED}), S.SUSPENDED, REVIEWER, needs_reasons=True),
        Transition("resume", "恢复服务", frozenset({S.SUSPENDED}), S.ADMITTED, REVIEWER),
        Transition("revoke", "撤销入库", frozenset({S.ADMITTED, S.SUSPENDED}), S.REVOKED, REVIEWER, needs_reasons=True),
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
