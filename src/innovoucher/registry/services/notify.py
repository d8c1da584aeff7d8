"""Who a registry step waits on, and telling them (in-app message + e-mail after commit).

Call these inside the service's transaction: the message commits with the change. Every call
passes a business key so running a step's notification twice notifies nobody twice.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.notifications.services import notify, users_with_role


def registration_reviewers(region_code: str) -> list:
    """The county reviewers of the region; the city's when no county reviewer covers it (a
    city-level registrant, or a county without its own reviewer)."""
    for role in (Role.COUNTY_REVIEWER, Role.CITY_REVIEWER):
        users = [u for u in users_with_role((role,), region_code)]
        if users:
            return users
    return []


def party_users(organisation) -> list:
    """Everyone acting for the organisation; for a team, the agents of its host incubator too."""
    ids = [organisation.pk] + (
        [organisation.host_incubator_id] if organisation.host_incubator_id else []
    )
    rows = RoleAssignment.objects.filter(
        organisation_id__in=ids, active=True, user__is_active=True
    ).select_related("user")
    return [
        a.user
        for a in rows
        if a.organisation_id == organisation.pk or a.role == Role.INCUBATOR_AGENT
    ]


def org_url(organisation, name: str = "registry:organisation") -> str:
    return reverse(name, kwargs={"pk": organisation.pk})


def tell_reviewers(
    organisation,
    *,
    subject: str,
    key: str,
    url: str = "",
    body: str = "",
    due_on: dt.date | None = None,
) -> None:
    notify(
        users=registration_reviewers(organisation.region_code),
        subject=subject,
        body=body,
        url=url or org_url(organisation),
        due_on=due_on,
        region_code=organisation.region_code,
        key=key,
    )


def tell_party(
    organisation,
    *,
    subject: str,
    key: str,
    url: str = "",
    body: str = "",
    due_on: dt.date | None = None,
) -> None:
    notify(
        users=party_users(organisation),
        subject=subject,
        body=body,
        url=url or org_url(organisation),
        due_on=due_on,
        region_code=organisation.region_code,
        key=key,
    )
