"""Time-based step of notifications: e-mail whose enqueue was lost, or whose task died while
sending, is sent again after `mail.EMAIL_CLAIM_SECONDS` (each at most once more per claim)."""

from __future__ import annotations

from innovoucher.notifications.mail import send_notification_ids, stale_email_ids


def _resend(moment) -> int:
    return send_notification_ids(stale_email_ids())


TICK_STEPS = [(880, "补发未送达的通知邮件", _resend)]
