"""Notification e-mail as a task: `notify` enqueues the new notifications' ids after commit and
`innovoucher worker` sends them, so a slow or unreachable mail server never holds up the request
that made the change. The task is idempotent: run twice (a retry, a duplicated enqueue) it sends
each e-mail once (see `mail.send_notification_ids`)."""

from __future__ import annotations

from django.tasks import task

from innovoucher.notifications.mail import send_notification_ids


@task()
def send_notification_emails(ids: list[int]) -> int:
    """Send the e-mail of each notification id still to be sent; returns how many were sent."""
    return send_notification_ids(int(i) for i in ids)
