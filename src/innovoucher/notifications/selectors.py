"""What waits on a person: unread notifications and the to-do items every app contributes.

An app contributes to-dos by defining, in `innovoucher/<app>/todos.py`, a list `TODO_SOURCES`
of callables `source(actor) -> list[Todo]` (each already scoped to the actor's roles/regions).
"""

from __future__ import annotations

from django.db.models import QuerySet

from innovoucher.core.steps import collect_all
from innovoucher.notifications.domain import Todo
from innovoucher.notifications.models import Notification


def notification_list_for_actor(*, actor, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(*, actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def todo_list_for_actor(*, actor) -> list[Todo]:
    if not getattr(actor, "is_authenticated", False):
        return []
    items: list[Todo] = []
    for source in collect_all("todos", "TODO_SOURCES"):
        items.extend(source(actor))
    return sorted(items, key=Todo.sort_key)
