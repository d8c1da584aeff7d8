"""Sending notification e-mail (used by the task and, when the queue is down, by `notify`)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

logger = logging.getLogger("innovoucher.notifications")


def send_emails(emails) -> None:
    """Send `(address, subject, body)` messages; a failed address is logged and skipped."""
    for address, subject, body in emails:
        try:
            send_mail(f"【科技创新券】{subject}", body, None, [address])
        except Exception:
            # The change is committed; a mail server failure only loses the e-mail (the in-app
            # message stays).
            logger.exception("notification e-mail to %s failed", address)
