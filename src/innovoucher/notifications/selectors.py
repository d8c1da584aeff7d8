"""What waits on a person: unread notifications and the to-do items every app contributes.

An app contributes to-dos by defining, in `innovoucher/<app>/todos.py`, a list `TODO_SOURCES`
of callables `source(actor) -> list[Todo]` (each already scoped to the actor's roles/regions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import Case, F, Q, QuerySet, Value, When

from innovoucher.core import clock
from innovoucher.core.errors import NotFound
from innovoucher.core.steps import collect_all
from innovoucher.notifications.codes import Code
from innovoucher.notifications.domain import Todo
from innovoucher.notifications.models import Notification
from innovoucher.regions.listfilters import narrow


def notification_list_for_actor(
    *,
    actor,
    unread_only: bool = False,
    q: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Notification]:
    """The actor's own notifications, unread first, newest first within each group (`unread` is
    1 for an unread one, for sorting); `q` finds a subject or body, the dates bound when each
    was sent."""
    if not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=actor).annotate(
        unread=Case(When(read_at__isnull=True, then=Value(1)), default=Value(0))
    )
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if q := (q or "").strip():
        qs = qs.filter(Q(subject__icontains=q) | Q(body__icontains=q))
    qs = narrow(qs, date_from=date_from, date_to=date_to, date_field="created_at__date")
    return qs.order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")


def notification_get(*, actor, pk) -> Notification:
    """One of the actor's own notifications; anybody else's is "not found"."""
    try:
        return notification_list_for_actor(actor=actor).get(pk=int(pk))
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound("消息不存在或您无权查看", code=Code.NOTIFICATION_NOT_FOUND) from None


def unread_count(*, actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def todo_list_for_actor(*, actor) -> list[Todo]:
    """Everything waiting on the actor, from every app's `TODO_SOURCES`, soonest deadline first;
    an item past its deadline is marked overdue."""
    if not getattr(actor, "is_authenticated", False):
        return []
    today = clock.today()
    items: list[Todo] = []
    for source in collect_all("todos", "TODO_SOURCES"):
        for item in source(actor):
            if item.due_on is not None and item.due_on < today and not item.overdue:
                item = replace(item, overdue=True)
            items.append(item)
    return sorted(items, key=Todo.sort_key)
