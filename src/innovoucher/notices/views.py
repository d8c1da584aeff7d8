"""Pages of notices: the public list and page, the officials' desk (draft, attach, publish,
withdraw)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innovoucher.accounts.permissions import actor_regions
from innovoucher.core import listing
from innovoucher.core.errors import DomainError
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import apply_errors, domain_errors, file_response, paginate
from innovoucher.notices import selectors, services
from innovoucher.notices.forms import AttachmentForm, NoticeEditForm, NoticeForm
from innovoucher.notices.permissions import PUBLISHER_ROLES, can_publish
from innovoucher.notices.states import NoticeKind, NoticeStatus
from innovoucher.regions.domain import NATIONAL

PAGE_SIZE = 20


def notice_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.notice_public_list(q=q, kind=kind), PAGE_SIZE)
    return render(
        request,
        "notices/list.html",
        {"page_obj": page, "q": q, "kind": kind, "kinds": NoticeKind.choices},
    )


@domain_errors
def notice_detail(request, pk):
    notice = selectors.notice_get(actor=request.user, pk=pk)
    return render(
        request,
        "notices/detail.html",
        {
            "notice": notice,
            "can_manage": can_publish(request.user, notice.region_code),
        },
    )


@domain_errors
def attachment_download(request, pk):
    att = selectors.attachment_get(actor=request.user, pk=pk)
    return file_response(att.file, att.name, download_name=att.name)


MANAGE_SORTS = Sorting(
    Sort("title", gettext_lazy("标题"), "title"),
    Sort("kind", gettext_lazy("类别"), "kind"),
    Sort("region", gettext_lazy("地区"), "region_code"),
    Sort("status", gettext_lazy("状态"), "status"),
    Sort("published", gettext_lazy("发布时间"), "published_at"),
    Sort("created", gettext_lazy("创建时间"), "created_at"),
    default="-created",
)


@login_required
@domain_errors
def manage(request):
    regions = actor_regions(request.user, *PUBLISHER_ROLES)
    form = NoticeForm(
        request.POST or None,
        initial={"region_code": (regions or [""])[0]},
        national=NATIONAL in regions,
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("草稿已保存，请添加附件后发布"))
            return redirect("notices:edit", pk=notice.pk)
    held = selectors.notice_regions(actor=request.user)
    filters = {
        "status": listing.choice(request.GET.get("status"), NoticeStatus.choices),
        "kind": listing.choice(request.GET.get("kind"), NoticeKind.choices),
        "region_code": listing.choice(request.GET.get("region"), held),
        "q": request.GET.get("q", "").strip(),
    }
    qs, sorting = MANAGE_SORTS.apply(
        request, selectors.notice_managed(actor=request.user, **filters)
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "notices/manage.html",
        {
            "form": form,
            "page_obj": paginate(request, qs, PAGE_SIZE),
            "sorting": sorting,
            "regions": regions,
            "notice_regions": held,
            "statuses": NoticeStatus.choices,
            "kinds": NoticeKind.choices,
            **filters,
        },
        status=status,
    )


@login_required
@domain_errors
def edit(request, pk):
    notice = selectors.notice_for_edit(actor=request.user, pk=pk)
    form = NoticeEditForm(
        request.POST if request.POST.get("op") == "save" else None,
        initial={"title": notice.title, "issuer": notice.issuer, "body": notice.body},
    )
    attach = AttachmentForm(
        request.POST if request.POST.get("op") == "attach" else None,
        request.FILES if request.POST.get("op") == "attach" else None,
    )
    status = 200
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "save" and form.is_valid():
                services.notice_update(actor=request.user, notice=notice, **form.cleaned_data)
                messages.success(request, _("已保存"))
                return redirect("notices:edit", pk=notice.pk)
            if op == "attach" and attach.is_valid():
                services.notice_attach(
                    actor=request.user,
                    notice=notice,
                    upload=attach.cleaned_data["file"],
                    name=attach.cleaned_data["name"],
                )
                messages.success(request, _("附件已上传"))
                return redirect("notices:edit", pk=notice.pk)
        except DomainError as exc:
            apply_errors(exc, form if op == "save" else attach)
        status = 400
    return render(
        request,
        "notices/edit.html",
        {"notice": notice, "form": form, "attach": attach, "draft": notice.is_draft},
        status=status,
    )


@login_required
@require_POST
@domain_errors
def action(request, pk):
    notice = selectors.notice_for_edit(actor=request.user, pk=pk)
    op = request.POST.get("action")
    if op == "publish":
        services.notice_publish(actor=request.user, notice=notice)
        messages.success(request, _("已发布"))
        return redirect("notices:detail", pk=notice.pk)
    if op == "withdraw":
        reasons = [r for r in [request.POST.get("reason", "").strip()] if r]
        try:
            services.notice_withdraw(actor=request.user, notice=notice, reasons=reasons)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("notices:edit", pk=notice.pk)
        messages.success(request, _("已撤回"))
        return redirect("notices:edit", pk=notice.pk)
    messages.error(request, _("未知的操作"))
    return redirect("notices:edit", pk=notice.pk)
