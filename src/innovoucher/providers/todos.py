"""Provider to-dos for the workbench (collected by `notifications.selectors.todo_list_for_actor`):
admissions to review, score and decide, bookings to confirm or complete, recognitions to confirm.
Each source is scoped by the same rules as the services that act on the item."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import REVIEWER_ROLES, Role
from innovoucher.core import clock
from innovoucher.core.i18n import date_label, day_time_label
from innovoucher.core.web import zh
from innovoucher.notifications.domain import Todo
from innovoucher.providers import selectors
from innovoucher.providers.models import ExpertAssignment
from innovoucher.providers.permissions import (
    RECOGNITION_OFFICIALS,
    can_initial_review_admission,
    can_review_admission,
)
from innovoucher.providers.states import AdmissionStatus, BookingStatus, RecognitionStatus

LIMIT = 200


def _url(admission) -> str:
    return reverse("providers:admission", kwargs={"pk": admission.pk})


def admissions_to_handle(actor) -> list[Todo]:
    """Reviewers: initial review, expert assignment, meeting decision, admission after publicity."""
    if not actor_has_role(actor, *REVIEWER_ROLES):
        return []
    today = clock.today()
    waiting = (
        AdmissionStatus.APPLIED,
        AdmissionStatus.EXPERT_REVIEW,
        AdmissionStatus.MEETING,
        AdmissionStatus.PUBLICITY,
    )
    qs = (
        selectors.admission_list_for_actor(actor=actor)
        .filter(status__in=waiting)
        .annotate(has_experts=Exists(ExpertAssignment.objects.filter(admission=OuterRef("pk"))))
        .order_by("applied_at", "id")
    )
    items = []
    for adm in qs[:LIMIT]:
        name = zh(adm.organisation.name)
        if adm.status == AdmissionStatus.APPLIED and can_initial_review_admission(actor, adm):
            items.append(
                Todo(
                    format_html(_("初审服务机构入库申请：{name}"), name=name),
                    _url(adm),
                    _("入库初审"),
                    detail=adm.get_route_display(),
                )
            )
        elif (
            adm.status == AdmissionStatus.EXPERT_REVIEW
            and not adm.has_experts
            and can_review_admission(actor, adm)
        ):
            items.append(
                Todo(format_html(_("指派评审专家：{name}"), name=name), _url(adm), _("入库评审"))
            )
        elif adm.status == AdmissionStatus.MEETING and can_review_admission(actor, adm):
            items.append(
                Todo(
                    format_html(_("会议审议服务机构入库：{name}"), name=name),
                    _url(adm),
                    _("入库审议"),
                )
            )
        elif (
            adm.status == AdmissionStatus.PUBLICITY
            and adm.publicity_ends_on
            and adm.publicity_ends_on < today
            and can_review_admission(actor, adm)
        ):
            due = adm.publicity_ends_on + dt.timedelta(days=1)
            items.append(
                Todo(
                    format_html(_("公示期满，办理入库：{name}"), name=name),
                    _url(adm),
                    _("入库公示"),
                    due_on=due,
                    detail=_("公示期至%(date)s") % {"date": date_label(adm.publicity_ends_on)},
                )
            )
    return items


def admissions_to_score(actor) -> list[Todo]:
    """Experts: assignments they have not answered yet."""
    if not actor_has_role(actor, Role.EXPERT):
        return []
    qs = (
        ExpertAssignment.objects.filter(
            expert=actor, conflict__isnull=True, admission__status=AdmissionStatus.EXPERT_REVIEW
        )
        .select_related("admission__organisation")
        .order_by("assigned_at")
    )
    return [
        Todo(
            format_html(_("评审服务机构入库申请：{name}"), name=zh(a.admission.organisation.name)),
            _url(a.admission),
            _("专家评审"),
            detail=_("请先声明有无利益冲突，再评分"),
        )
        for a in qs[:LIMIT]
    ]


def bookings_to_handle(actor) -> list[Todo]:
    """Provider staff: bookings to confirm (before they start) and to record as completed."""
    items = []
    for b in selectors.bookings_waiting_for_staff(actor=actor)[:LIMIT]:
        url = reverse("providers:booking", kwargs={"pk": b.pk})
        when = day_time_label(b.start)
        names = {"instrument": zh(b.instrument.name), "organisation": zh(b.organisation.name)}
        if b.status == BookingStatus.REQUESTED:
            items.append(
                Todo(
                    format_html(_("确认仪器预约：{instrument}（{organisation}）"), **names),
                    url,
                    _("仪器预约"),
                    due_on=timezone.localdate(b.start),
                    detail=when,
                )
            )
        else:
            items.append(
                Todo(
                    format_html(_("确认仪器使用完成：{instrument}（{organisation}）"), **names),
                    url,
                    _("仪器预约"),
                    detail=when,
                )
            )
    return items


def recognitions_to_confirm(actor) -> list[Todo]:
    if not actor_has_role(actor, *RECOGNITION_OFFICIALS):
        return []
    return [
        Todo(
            format_html(_("确认区外服务机构认定：{name}"), name=zh(r.organisation.name)),
            reverse("providers:recognition", kwargs={"pk": r.pk}),
            _("区外认定"),
            detail=format_html(
                "{} · {} · {}", r.get_basis_display(), zh(r.recognising_body), zh(r.document_no)
            ),
        )
        for r in selectors.recognition_list_for_official(
            actor=actor, status=RecognitionStatus.SUBMITTED
        )[:LIMIT]
    ]


TODO_SOURCES = [
    admissions_to_handle,
    admissions_to_score,
    bookings_to_handle,
    recognitions_to_confirm,
]
