"""Notify people: an in-app message for each recipient and an e-mail after commit.

    notify(users=[...], subject=..., body=..., url=..., due_on=..., key="redemption:12:step:3")
    notify_role(roles=(Role.COUNTY_REVIEWER,), region_code="640104", ...)   # everyone whose
        role scope contains the region (a county reviewer of 640104, the city 640100, ...)
    notify_organisation(organisation=org, ...)   # every person acting for the organisation

Call inside the service's transaction: the rows commit with the change; e-mail is sent only
after commit. A non-empty `key` makes the call idempotent per recipient (tick may run twice).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovoucher.accounts.models import RoleAssignment
from innovoucher.core import clock
from innovoucher.notifications.mail import send_notification_ids
from innovoucher.notifications.models import Notification
from innovoucher.notifications.tasks import send_notification_emails
from innovoucher.regions.domain import region_within

logger = logging.getLogger(__name__)


_send = send_notification_ids  # the fallback when the queue is unavailable


def notify(
    *,
    users: Iterable,
    subject: str,
    body: str = "",
    url: str = "",
    due_on: dt.date | None = None,
    region_code: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    created: list[Notification] = []
    emails: list[int] = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    recipient=user,
                    subject=subject[:200],
                    body=body,
                    url=url[:300],
                    due_on=due_on,
                    region_code=region_code,
                    key=key[:120],
                    created_at=clock.now(),
                    emailed=bool(email and user.email),
                    # pending from now (wall clock): the tick re-sends it if the task is lost
                    email_state="pending" if email and user.email else "",
                    email_claimed_at=timezone.now() if email and user.email else None,
                )
        except IntegrityError:
            continue  # notified concurrently under the same key
        created.append(n)
        if email and user.email:
            emails.append(n.pk)
    if emails:
        transaction.on_commit(lambda: _enqueue_emails(emails))
    return created


def _enqueue_emails(ids: list[int]) -> None:
    try:
        send_notification_emails.enqueue(list(ids))
    except Exception:  # the queue is unavailable: send now rather than lose the e-mail
        logger.exception("could not enqueue notification e-mail; sending it now")
        _send(ids)


def users_with_role(roles: Iterable, region_code: str) -> list:
    """Active people whose role scope contains `region_code` (county reviewers of that county,
    city reviewers of its city, …)."""
    rows = RoleAssignment.objects.filter(
        role__in=list(roles), active=True, user__is_active=True
    ).select_related("user")
    return [
        a.user
        for a in rows
        if region_within(region_code, a.region_code) or a.region_code == "100000"
    ]


def notify_role(*, roles: Iterable, region_code: str, **kwargs) -> list[Notification]:
    return notify(users=users_with_role(roles, region_code), region_code=region_code, **kwargs)


def notify_organisation(*, organisation, **kwargs) -> list[Notification]:
    rows = RoleAssignment.objects.filter(
        organisation=organisation, active=True, user__is_active=True
    ).select_related("user")
    return notify(
        users=[a.user for a in rows], region_code=getattr(organisation, "region_code", ""), **kwargs
    )


def notification_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all when `ids` is None)."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())
