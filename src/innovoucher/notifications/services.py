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
    return _notify(
        [(user, region_code) for user in users],
        subject=subject,
        body=body,
        url=url,
        due_on=due_on,
        key=key,
        email=email,
    )


def _notify(
    pairs: Iterable[tuple], *, subject: str, body: str, url: str, due_on, key: str, email: bool
) -> list[Notification]:
    """One notice per (person, region of the notice); a person appears once, at the first pair."""
    recipients, regions, seen = [], {}, set()
    for user, region_code in pairs:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        recipients.append(user)
        regions[user.pk] = region_code
    if key and recipients:  # one read for every recipient already told under this key
        told = set(
            Notification.objects.filter(
                recipient_id__in=[u.pk for u in recipients], key=key[:120]
            ).values_list("recipient_id", flat=True)
        )
        recipients = [u for u in recipients if u.pk not in told]
    now = clock.now()
    rows = [
        Notification(
            recipient=user,
            subject=subject[:200],
            body=body,
            url=url[:300],
            due_on=due_on,
            region_code=regions[user.pk],
            key=key[:120],
            created_at=now,
            emailed=bool(email and user.email),
            # pending from now (wall clock): the tick re-sends it if the task is lost
            email_state="pending" if email and user.email else "",
            email_claimed_at=timezone.now() if email and user.email else None,
        )
        for user in recipients
    ]
    created = _insert(rows)
    emails: list[int] = []
    for n in created:
        user = n.recipient
        if email and user.email:
            emails.append(n.pk)
    if emails:
        transaction.on_commit(lambda: _enqueue_emails(emails))
    return created


def _insert(rows: list[Notification]) -> list[Notification]:
    """All rows in one INSERT; when one of them was written concurrently under the same key
    (the UNIQUE recipient + key), row by row, leaving out the ones already there."""
    if not rows:
        return []
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        pass
    created = []
    for row in rows:
        row.pk = None
        row._state.adding = True
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue  # notified concurrently under the same key
        created.append(row)
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


def notify_organisations(
    *,
    organisations: Iterable,
    subject: str,
    body: str = "",
    url: str = "",
    due_on: dt.date | None = None,
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """`notify_organisation` for several organisations (the applicant and the provider of a
    redemption) with one read of who acts for them; each notice carries its organisation's
    region."""
    organisations = list({o.pk: o for o in organisations if o is not None}.values())
    rows = RoleAssignment.objects.filter(
        organisation__in=organisations, active=True, user__is_active=True
    ).select_related("user")
    people: dict[int, list] = {}
    for a in rows.order_by("id"):
        people.setdefault(a.organisation_id, []).append(a.user)
    pairs = [
        (user, getattr(organisation, "region_code", ""))
        for organisation in organisations
        for user in people.get(organisation.pk, [])
    ]
    return _notify(pairs, subject=subject, body=body, url=url, due_on=due_on, key=key, email=email)


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
