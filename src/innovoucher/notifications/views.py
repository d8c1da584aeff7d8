"""消息中心 and 待办事项: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import paginate, safe_next
from innovoucher.notifications import selectors, services
from innovoucher.regions.listfilters import ListFilters

PAGE_SIZE = 20

INBOX_SORTS = Sorting(
    Sort("subject", gettext_lazy("消息"), "subject"),
    Sort("created", gettext_lazy("时间"), "created_at"),
    Sort("due", gettext_lazy("办理期限"), "due_on", "-created_at"),
    Sort("status", gettext_lazy("状态"), "-unread", "-created_at"),  # unread first, newest first
    default="status",
)


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    filters = ListFilters.read(request)
    qs = selectors.notification_list_for_actor(
        actor=request.user,
        unread_only=unread_only,
        q=filters.q,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    qs, sorting = INBOX_SORTS.apply(request, qs)
    page = paginate(request, qs, PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "sorting": sorting,
            "filters": filters,
            "unread_only": unread_only,
            "unread": selectors.unread_count(actor=request.user),
        },
    )


@login_required
def open_notification(request, pk):
    """Mark one of the actor's notifications read and go to the page it points at."""
    note = selectors.notification_get(actor=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request):
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    everything = request.POST.get("all") == "1"
    count = services.notification_mark_read(actor=request.user, ids=None if everything else ids)
    messages.success(
        request,
        ngettext("已将 %(n)s 条消息标为已读。", "已将 %(n)s 条消息标为已读。", count) % {"n": count}
        if count
        else _("没有需要标为已读的消息。"),
    )
    return redirect(safe_next(request, "notifications:inbox", prefix="/notifications/"))


@login_required
def todos(request):
    items = selectors.todo_list_for_actor(actor=request.user)
    page = paginate(request, items, PAGE_SIZE)
    return render(
        request,
        "notifications/todos.html",
        {
            "page": page,
            "total": len(items),
            "overdue": sum(1 for t in items if t.overdue),
        },
    )
