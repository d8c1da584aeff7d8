"""Notification e-mail is sent at most once per notification even when its task runs twice (a
retry, a duplicated enqueue, two workers), a stale claim of a dead task is taken over, and the
tick re-sends an e-mail whose enqueue was lost (issue 14: the worker's jobs are idempotent)."""

import datetime as dt
import threading
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from innovoucher.accounts.roles import Role
from innovoucher.notifications import mail as mailing
from innovoucher.notifications import services, tick
from innovoucher.notifications.models import Notification
from innovoucher.notifications.tasks import send_notification_emails

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_user):
    user = make_user("alice", Role.COUNTY_REVIEWER, "330602")
    user.email = "alice@example.cn"
    user.save()
    return user


@pytest.fixture
def queued(monkeypatch):
    """Collect the task's payloads instead of running them (as a queue would hold them)."""
    payloads = []
    queue = SimpleNamespace(enqueue=lambda ids: payloads.append(ids))
    monkeypatch.setattr(services, "send_notification_emails", queue)
    return payloads


def test_the_task_carries_notification_ids_and_a_retry_sends_nothing_more(
    alice, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (n,) = services.notify(users=[alice], subject="请审核", body="内容", key="k:1")
    assert queued == [[n.pk]]  # ids, not the text: the row says whether it was sent
    n.refresh_from_db()
    assert n.email_state == "pending" and n.emailed_at is None

    assert send_notification_emails.call(queued[0]) == 1
    assert send_notification_emails.call(queued[0]) == 0  # the retry
    assert send_notification_emails.call(queued[0]) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "【科技创新券】请审核"
    n.refresh_from_db()
    assert n.email_state == "sent" and n.emailed_at is not None


def test_a_failed_send_is_marked_and_not_retried_forever(alice, queued, monkeypatch):
    (n,) = services.notify(users=[alice], subject="请审核", key="k:2")

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(mailing, "send_mail", refuse)
    assert mailing.send_notification_ids([n.pk]) == 0
    n.refresh_from_db()
    assert n.email_state == "failed"
    monkeypatch.undo()
    assert mailing.send_notification_ids([n.pk]) == 0 and mail.outbox == []


def test_a_claim_left_by_a_dead_task_is_taken_over_only_when_stale(alice, queued):
    (n,) = services.notify(users=[alice], subject="请审核", key="k:3")
    now = timezone.now()
    # another task claimed it a moment ago and is still sending: nothing to do here
    Notification.objects.filter(pk=n.pk).update(email_state="sending", email_claimed_at=now)
    assert mailing.send_notification_ids([n.pk]) == 0
    assert mailing.stale_email_ids() == []
    # that task died: after EMAIL_CLAIM_SECONDS the claim is stale, the tick sends it once
    old = now - dt.timedelta(seconds=mailing.EMAIL_CLAIM_SECONDS + 5)
    Notification.objects.filter(pk=n.pk).update(email_claimed_at=old)
    assert mailing.stale_email_ids() == [n.pk]
    assert tick._resend(now) == 1 and tick._resend(now) == 0
    assert len(mail.outbox) == 1


def test_the_tick_sends_an_email_whose_enqueue_was_lost(alice, queued):
    (n,) = services.notify(users=[alice], subject="请审核", key="k:4")  # on_commit never ran
    assert tick._resend(timezone.now()) == 0  # just queued: the worker should send it
    old = timezone.now() - dt.timedelta(seconds=mailing.EMAIL_CLAIM_SECONDS + 5)
    Notification.objects.filter(pk=n.pk).update(email_claimed_at=old)
    assert tick._resend(timezone.now()) == 1
    assert send_notification_emails.call([n.pk]) == 0  # the late task finds it sent
    assert len(mail.outbox) == 1


def test_no_email_for_a_person_without_an_address(make_user, queued):
    bob = make_user("bob", Role.COUNTY_REVIEWER, "330602")
    (n,) = services.notify(users=[bob], subject="请审核", key="k:5")
    assert n.email_state == "" and mailing.send_notification_ids([n.pk]) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_task_at_once_send_one_email(alice, queued):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    ns = [services.notify(users=[alice], subject=f"请审核{i}", key=f"k:p{i}")[0] for i in range(20)]
    ids = [n.pk for n in ns]
    barrier = threading.Barrier(4)
    counts = []

    def worker():
        try:
            barrier.wait()
            counts.append(mailing.send_notification_ids(ids))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts) == 20 and len(mail.outbox) == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"【科技创新券】请审核{i}" for i in range(20)
    )
