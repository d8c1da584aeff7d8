"""Notification e-mail as a task: `notify` enqueues it after commit, `innovoucher worker` sends it,
so a slow or unreachable mail server never holds up the request that made the change."""

from __future__ import annotations

from django.tasks import task

from innovoucher.notifications.mail import send_emails


@task()
def send_notification_emails(emails: list[list[str]]) -> int:
    """Send `[address, subject, body]` messages; a failed address is logged and skipped (the in-app message stays)."""
    send_emails([tuple(e) for e in emails])
    return len(emails)
