"""Telling the person each provider step waits on (in-app message + e-mail after commit).

Called inside the service's transaction; every call has a business key, so a repeated step
notifies nobody twice.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from innovoucher.accounts.roles import Role
from innovoucher.core.i18n import chinese
from innovoucher.notifications.services import notify, users_with_role
from innovoucher.policies.models import PolicyFamily
from innovoucher.registry.services.notify import party_users


def family_name(slug: str) -> str:
    return PolicyFamily.objects.filter(slug=slug).values_list("name", flat=True).first() or slug


def review_region(admission) -> str:
    """Where the officials who review this admission sit: the provider's region, or the policy's
    region for an out-of-region provider admitted on a recognition."""
    return admission.review_region_code or admission.organisation.region_code


def _first_level(roles, region_code: str) -> list:
    for role in roles:
        users = users_with_role((role,), region_code)
        if users:
            return users
    return []


def initial_reviewers(admission) -> list:
    """The county bureau of the provider (for a recognised out-of-region provider, the officials
    of the policy region)."""
    return _first_level(
        (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.OPERATOR),
        review_region(admission),
    )


def meeting_reviewers(admission) -> list:
    """Who convenes the review meeting: the city bureau; the province (region) where no city
    reviewer covers the provider; the county as a last resort."""
    return _first_level(
        (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER, Role.OPERATOR, Role.COUNTY_REVIEWER),
        review_region(admission),
    )


def _admission_url(admission) -> str:
    return reverse("providers:admission", kwargs={"pk": admission.pk})


def _say(
    users, admission, *, subject: str, key: str, body: str = "", due_on: dt.date | None = None
) -> None:
    notify(
        users=users,
        subject=subject,
        body=body,
        url=_admission_url(admission),
        due_on=due_on,
        region_code=admission.organisation.region_code,
        key=f"providers:admission:{admission.pk}:{key}",
    )


@chinese  # stored messages stay Chinese
def admission_applied(admission) -> None:
    org = admission.organisation
    name = family_name(admission.family_slug)
    if admission.status == "admitted":
        _say(
            party_users(org),
            admission,
            key="direct",
            subject=f"已直接入库：{name}",
            body=f"“{org.name}”已按{admission.article}直接纳入“{name}”服务机构库。",
        )
        return
    _say(
        initial_reviewers(admission),
        admission,
        key="applied",
        subject=f"服务机构入库申请待初审：{org.name}",
        body=f"“{org.name}”申请加入“{name}”服务机构库（{admission.get_route_display()}），请初审推荐。",
    )


@chinese  # stored messages stay Chinese
def admission_moved(admission, action: str, label: str, reasons: list[str]) -> None:
    """After a step of the reviewed route: tell whoever the next step waits on, and the provider."""
    org = admission.organisation
    name = family_name(admission.family_slug)
    why = ("理由：" + "；".join(reasons)) if reasons else ""
    n = admission.changes.count()
    if action == "scores_complete":
        _say(
            meeting_reviewers(admission),
            admission,
            key=f"{n}:meeting",
            subject=f"入库评审待会议审议：{org.name}",
            body=f"“{org.name}”申请加入“{name}”的专家评审已完成，请组织会议审议。",
        )
        return
    if action == "meeting_approve":
        d = admission.publicity_ends_on
        until = f"公示期至{d.year}年{d.month}月{d.day}日，" if d else "进入公示，"
        body = f"“{org.name}”经会议审议通过，{until}期满无异议即入库。"
        _say(
            party_users(org),
            admission,
            key=f"{n}:{action}",
            subject=f"入库申请进入公示：{name}",
            body=body,
        )
        return
    _say(
        party_users(org),
        admission,
        key=f"{n}:{action}",
        subject=f"入库申请{label}：{name}",
        body=f"“{org.name}”加入“{name}”服务机构库：{label}。{why}",
    )


@chinese  # stored messages stay Chinese
def experts_assigned(admission, assignments) -> None:
    org = admission.organisation
    for a in assignments:
        _say(
            [a.expert],
            admission,
            key=f"expert:{a.pk}",
            subject=f"请评审服务机构入库申请：{org.name}",
            body=f"您被指派评审“{org.name}”加入“{family_name(admission.family_slug)}”服务机构库的申请。如与该机构存在利益冲突，请先声明并回避。",
        )


def _booking_url(booking) -> str:
    return reverse("providers:booking", kwargs={"pk": booking.pk})


def _when(booking) -> str:
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    return (
        f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}—{end:%H:%M}"
        if start.date() == end.date()
        else f"{start.year}年{start.month}月{start.day}日 {start:%H:%M} 至 "
        f"{end.year}年{end.month}月{end.day}日 {end:%H:%M}"
    )


@chinese  # stored messages stay Chinese
def booking_requested(booking) -> None:
    provider = booking.instrument.provider
    notify(
        users=party_users(provider),
        subject=f"仪器预约待确认：{booking.instrument.name}",
        url=_booking_url(booking),
        body=f"“{booking.organisation.name}”预约{booking.instrument.name}，"
        f"时段 {_when(booking)}，请在开始前确认或说明原因取消。",
        due_on=timezone.localtime(booking.start).date(),
        region_code=provider.region_code,
        key=f"providers:booking:{booking.pk}:requested",
    )


@chinese  # stored messages stay Chinese
def booking_moved(booking, action: str, label: str, *, by_provider: bool) -> None:
    """Confirmed / cancelled / completed: tell the other side."""
    if by_provider:
        users, region = party_users(booking.organisation), booking.organisation.region_code
    else:
        users, region = (
            party_users(booking.instrument.provider),
            booking.instrument.provider.region_code,
        )
    why = f"原因：{booking.reason}" if booking.reason else ""
    notify(
        users=users,
        subject=f"仪器预约{label}：{booking.instrument.name}",
        url=_booking_url(booking),
        body=f"{booking.instrument.name}（{_when(booking)}，预约单位“{booking.organisation.name}”）{label}。{why}",
        region_code=region,
        key=f"providers:booking:{booking.pk}:{action}",
    )


@chinese  # stored messages stay Chinese
def recognition_filed(recognition, officials) -> None:
    notify(
        users=officials,
        subject=f"区外服务机构认定待确认：{recognition.organisation.name}",
        url=reverse("providers:recognition", kwargs={"pk": recognition.pk}),
        body=f"“{recognition.organisation.name}”（{recognition.organisation.region_code}）提交了{recognition.get_basis_display()}，"
        f"认定机关：{recognition.recognising_body}，文号：{recognition.document_no}，申请在“{family_name(recognition.family_slug)}”入库。",
        region_code=recognition.organisation.region_code,
        key=f"providers:recognition:{recognition.pk}:filed",
    )


@chinese  # stored messages stay Chinese
def recognition_decided(recognition, label: str) -> None:
    why = f"理由：{'；'.join(recognition.reasons)}" if recognition.reasons else ""
    notify(
        users=party_users(recognition.organisation),
        subject=f"区外服务机构认定{label}：{family_name(recognition.family_slug)}",
        url=reverse("providers:recognition", kwargs={"pk": recognition.pk}),
        body=f"“{recognition.organisation.name}”的认定备案{label}。{why}",
        region_code=recognition.organisation.region_code,
        key=f"providers:recognition:{recognition.pk}:{recognition.status}",
    )
