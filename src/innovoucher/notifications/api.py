"""JSON API of the message centre and the to-do list (attached under /api/v1/notifications).
Session authentication with CSRF; every answer concerns the signed-in person only."""

from __future__ import annotations

import datetime as dt
import html

from django.utils.html import strip_tags
from ninja import Router, Schema
from ninja.security import SessionAuth

from innovoucher.notifications import selectors, services

router = Router(tags=["消息与待办 Notifications"], auth=SessionAuth(csrf=True))
PAGE_SIZE = 20


class ErrorOut(Schema):
    code: str
    message: str
    details: dict


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    subject: str
    body: str
    url: str
    due_on: dt.date | None
    created_at: dt.datetime
    read: bool


class NotificationPage(Schema):
    count: int
    unread: int
    page: int
    results: list[NotificationOut]


def _note(n) -> dict:
    return {
        "id": n.pk,
        "subject": n.subject,
        "body": n.body,
        "url": n.url,
        "due_on": n.due_on,
        "created_at": n.created_at,
        "read": n.read_at is not None,
    }


@router.get(
    "/", response={200: NotificationPage, **ERRORS}, summary="我的消息（未读在前，每页20条）"
)
def notification_list(request, unread: bool = False, page: int = 1):
    qs = selectors.notification_list_for_actor(actor=request.auth, unread_only=unread)
    page = max(page, 1)
    rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return {
        "count": qs.count(),
        "unread": selectors.unread_count(actor=request.auth),
        "page": page,
        "results": [_note(n) for n in rows],
    }


class ReadIn(Schema):
    ids: list[int] | None = None


class ReadOut(Schema):
    marked: int
    unread: int


@router.post(
    "/read", response={200: ReadOut, **ERRORS}, summary="标为已读（不传 ids 则全部标为已读）"
)
def mark_read(request, payload: ReadIn):
    marked = services.notification_mark_read(actor=request.auth, ids=payload.ids)
    return {"marked": marked, "unread": selectors.unread_count(actor=request.auth)}


class TodoOut(Schema):
    category: str
    title: str
    detail: str
    url: str
    due_on: dt.date | None
    overdue: bool


def _plain(text) -> str:
    """A to-do's text without the markup the page gets (names marked lang="zh-Hans")."""
    return html.unescape(strip_tags(str(text)))


@router.get(
    "/todos",
    response={200: list[TodoOut], **ERRORS},
    summary="待办事项（按办理期限排序，超期标记 overdue）",
)
def todo_list(request):
    return [
        {
            "category": str(t.category),
            "title": _plain(t.title),
            "detail": _plain(t.detail),
            "url": t.url,
            "due_on": t.due_on,
            "overdue": t.overdue,
        }
        for t in selectors.todo_list_for_actor(actor=request.auth)
    ]
