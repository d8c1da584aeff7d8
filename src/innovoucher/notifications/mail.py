"""Sending notification e-mail, at most once per notification even when the task runs twice.

`send_notification_ids(ids)` is what the worker's task (and, when the queue is down, `notify`
itself) calls. Each notification is first *claimed* with one compare-and-swap UPDATE
(pending → sending, or a claim older than EMAIL_CLAIM_SECONDS taken over from a task that died),
so two workers running the same task, or a retry of a task that already sent, find nothing to
claim and send nothing. After the SMTP call the row becomes sent (or failed, logged: the in-app
message stays either way). A task killed between the SMTP call and the UPDATE leaves a stale
claim that is sent again after EMAIL_CLAIM_SECONDS: that is the one window where an e-mail may
arrive twice; SMTP offers no transaction to close it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from innovoucher.notifications.models import Notification

logger = logging.getLogger("innovoucher.notifications")

EMAIL_CLAIM_SECONDS = 600
PREFIX = "【科技创新券】"


def _body(n: Notification) -> str:
    d = n.due_on
    deadline = f"\n办理期限：{d.year}年{d.month}月{d.day}日" if d else ""
    return f"{n.body}{deadline}\n{n.url}".strip()


def _claimable(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=EMAIL_CLAIM_SECONDS)
    return Q(email_state="pending") | Q(email_state="sending", email_claimed_at__lt=stale)


def send_notification_ids(ids: Iterable[int]) -> int:
    """Send the e-mail of each notification that is still to be sent; returns how many were sent.
    Wall-clock time (not the business clock) decides a claim's age."""
    sent = 0
    for pk in ids:
        now = timezone.now()
        claimed = Notification.objects.filter(_claimable(now), pk=pk).update(
            email_state="sending", email_claimed_at=now
        )
        if not claimed:
            continue  # already sent, being sent by another task, or never to be sent
        n = Notification.objects.select_related("recipient").get(pk=pk)
        address = n.recipient.email
        try:
            if not address:
                raise ValueError("收件人没有登记电子邮箱")
            send_mail(f"{PREFIX}{n.subject}", _body(n), None, [address])
        except Exception:
            # The change is committed; a mail server failure only loses the e-mail (the in-app
            # message stays).
            logger.exception("notification e-mail %s to %s failed", pk, address)
            Notification.objects.filter(pk=pk, email_claimed_at=now).update(email_state="failed")
            continue
        Notification.objects.filter(pk=pk, email_claimed_at=now).update(
            email_state="sent", emailed_at=timezone.now()
        )
        sent += 1
    return sent


def stale_email_ids(limit: int = 500) -> list[int]:
    """Notifications whose e-mail is still pending after EMAIL_CLAIM_SECONDS (the enqueue was lost)
    or whose claim is stale (the task died): the tick re-sends them."""
    now = timezone.now()
    old = now - dt.timedelta(seconds=EMAIL_CLAIM_SECONDS)
    rows = Notification.objects.filter(
        email_state__in=("pending", "sending"), email_claimed_at__lt=old
    ).order_by("id")
    return list(rows.values_list("id", flat=True)[:limit])
