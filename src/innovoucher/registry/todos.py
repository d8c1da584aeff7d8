"""Registry to-dos for the workbench (collected by `notifications.selectors.todo_list_for_actor`).

Each source is scoped like the selectors it calls: a reviewer sees the registrations, facts and
change filings of their own regions; a party sees what waits on it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innovoucher.accounts.permissions import actor_has_role
from innovoucher.accounts.roles import PARTY_ROLES, REGISTRATION_REVIEWER_ROLES
from innovoucher.core.web import zh
from innovoucher.notifications.domain import Todo
from innovoucher.registry import selectors
from innovoucher.registry.states import ChangeStatus, RegistrationStatus


def _reviewer(actor) -> bool:
    return actor_has_role(actor, *REGISTRATION_REVIEWER_ROLES)


def registrations_to_review(actor) -> list[Todo]:
    if not _reviewer(actor):
        return []
    return [
        Todo(
            title=format_html(_("审核主体登记：{name}"), name=zh(i.organisation.name)),
            url=reverse("registry:organisation", kwargs={"pk": i.organisation.pk}),
            category=_("登记审核"),
            due_on=i.deadline,
            overdue=i.overdue,
            detail=f"{i.organisation.get_kind_display()} · {i.organisation.region_code}"
            + (
                " · " + _("第%(n)s次提交") % {"n": i.organisation.submission_count}
                if i.organisation.submission_count > 1
                else ""
            ),
        )
        for i in selectors.registration_queue_for_reviewer(actor=actor)
    ]


def facts_to_verify(actor) -> list[Todo]:
    if not _reviewer(actor):
        return []
    return [
        Todo(
            title=format_html(
                _("核验资格信息：{name} · {kind}"),
                name=zh(f.organisation.name),
                kind=f.get_kind_display(),
            ),
            url=reverse("registry:facts", kwargs={"pk": f.organisation_id}),
            category=_("资格核验"),
            due_on=selectors.fact_deadline(f),
        )
        for f in selectors.fact_list_for_reviewer(actor=actor)[:200]
    ]


def filings_to_review(actor) -> list[Todo]:
    if not _reviewer(actor):
        return []
    return [
        Todo(
            title=format_html(_("审核变更备案：{name}"), name=zh(f.organisation.name)),
            url=reverse("registry:filing", kwargs={"pk": f.pk}),
            category=_("变更备案"),
            due_on=selectors.filing_deadline(f),
            detail=_("变更：%(fields)s")
            % {"fields": _("、").join(str(x) for x in selectors.filing_field_labels(f))},
        )
        for f in selectors.filing_list_for_reviewer(actor=actor, status=ChangeStatus.SUBMITTED)[
            :200
        ]
    ]


def party_corrections(actor) -> list[Todo]:
    """Registrations and change filings returned to the actor's organisations for correction."""
    if not actor_has_role(actor, *PARTY_ROLES):
        return []
    items = [
        Todo(
            title=format_html(_("按退回意见修改主体登记：{name}"), name=zh(org.name)),
            url=reverse("registry:resubmit", kwargs={"pk": org.pk}),
            category=_("登记补正"),
        )
        for org in selectors.organisation_list_for_party(actor=actor)
        if org.status == RegistrationStatus.RETURNED
    ]
    items += [
        Todo(
            title=format_html(_("补正变更备案：{name}"), name=zh(f.organisation.name)),
            url=reverse("registry:filing", kwargs={"pk": f.pk}),
            category=_("变更备案"),
            detail=zh("；".join(f.reasons)),
        )
        for f in selectors.filing_list_for_party(actor=actor)
        if f.status == ChangeStatus.RETURNED
    ]
    return items


TODO_SOURCES = [registrations_to_review, facts_to_verify, filings_to_review, party_corrections]
