"""Role management for the security administrator (三员分立: only this role grants roles)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innovoucher.accounts import selectors
from innovoucher.accounts.codes import Code
from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import (
    role_grant,
    role_removal_confirm,
    role_removal_refuse,
    role_removal_request,
    role_revoke,
)
from innovoucher.accounts.states import RemovalStatus
from innovoucher.core import listing
from innovoucher.core.errors import Conflict, DomainError
from innovoucher.core.listing import Sort, Sorting
from innovoucher.core.web import apply_errors, domain_errors, paginate
from innovoucher.regions.widgets import RegionPicker


class GrantForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region_code = forms.CharField(
        label=_("授权地区"),
        max_length=6,
        widget=RegionPicker(national=True),
        error_messages={"required": _("请选择授权地区：全国（平台），或依次选择省、市、区县")},
        help_text=_(
            "三员（系统管理员、安全管理员、安全审计员）选“全国（平台）”；其他角色依次选择省、"
            "市、区县，省级审核人选到省，市级选到市，区县级选到区县"
        ),
    )
    organisation_id = forms.IntegerField(label=_("所属机构编号"), required=False)


ROLE_SORTS = Sorting(
    Sort("user", _("用户"), "user__username"),
    Sort("role", _("角色"), "role"),
    Sort("region", _("地区"), "region_code"),
    Sort("organisation", _("所属机构"), "organisation__name_pinyin"),
    Sort("status", _("状态"), "-active", "user__username"),
    default="status",
)
ROLE_STATES = (("active", _("有效")), ("revoked", _("已撤销")))


@login_required
@domain_errors
def roles(request):
    require_admin(request.user, Role.SECURITY_ADMIN)
    form = GrantForm(request.POST or None)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, organisation = selectors.grant_target_get(
                actor=request.user,
                username=data["username"],
                organisation_id=data["organisation_id"],
            )
            role_grant(
                actor=request.user,
                user=user,
                role=data["role"],
                region_code=data["region_code"],
                organisation=organisation,
            )
        except DomainError as exc:
            apply_errors(exc, form)
            status = exc.status
        else:
            messages.success(
                request,
                gettext("已为 %(user)s 授予%(role)s。")
                % {"user": user.username, "role": Role(data["role"]).label},
            )
            return redirect("account_roles")
    q = request.GET.get("q", "").strip()
    role = listing.choice(request.GET.get("role"), Role.choices)
    state = listing.choice(request.GET.get("state"), ROLE_STATES)
    qs = selectors.role_assignment_list(
        actor=request.user, q=q, role=role, active={"active": True, "revoked": False}.get(state)
    )
    qs, sorting = ROLE_SORTS.apply(request, qs)
    return render(
        request,
        "accounts/roles.html",
        {
            "form": form,
            "page": paginate(request, qs, 50),
            "sorting": sorting,
            "q": q,
            "role": role,
            "state": state,
            "roles": Role.choices,
            "states": ROLE_STATES,
        },
        status=status,
    )


@login_required
@require_POST
@domain_errors
def role_revoke_view(request, pk):
    assignment = selectors.role_assignment_get(actor=request.user, pk=pk)
    try:
        role_revoke(actor=request.user, assignment=assignment)
    except Conflict as exc:
        if exc.code != Code.REMOVAL_PENDING:
            raise
        messages.info(request, exc.message)
        return redirect("account_role_removal_request", pk=assignment.pk)
    messages.success(request, gettext("已撤销角色授权。"))
    return redirect("account_roles")


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销理由"), max_length=200, widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
@domain_errors
def role_removal_request_view(request, pk):
    """Two-person rule, first half: ask to remove another administrator's role."""
    assignment = selectors.role_assignment_get(actor=request.user, pk=pk)
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role_removal_request(
                actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, gettext("已提交撤销申请，待另一名管理员确认后生效。"))
            return redirect("account_role_removals")
    return render(
        request, "accounts/role_removal_request.html", {"form": form, "assignment": assignment}
    )


REMOVAL_SORTS = Sorting(
    Sort("user", _("被撤销人"), "assignment__user__username"),
    Sort("role", _("角色"), "assignment__role"),
    Sort("requested_by", _("申请人"), "requested_by__username"),
    Sort("requested", _("申请时间"), "requested_at"),
    Sort("status", _("状态"), "-undecided", "status", "-requested_at"),
    default="status",
)


@login_required
@domain_errors
def role_removals(request):
    """Two-person rule, second half: pending removals of administrator roles, to confirm."""
    status = listing.choice(request.GET.get("status"), RemovalStatus.choices)
    qs = selectors.role_removal_list(actor=request.user, status=status)
    qs, sorting = REMOVAL_SORTS.apply(request, qs)
    return render(
        request,
        "accounts/role_removals.html",
        {
            "page": paginate(request, qs, 50),
            "sorting": sorting,
            "status": status,
            "statuses": RemovalStatus.choices,
        },
    )


@login_required
@require_POST
@domain_errors
def role_removal_confirm_view(request, pk):
    removal = selectors.role_removal_get(actor=request.user, pk=pk)
    role_removal_confirm(actor=request.user, removal=removal)
    messages.success(request, gettext("已确认撤销，该管理员角色已失效。"))
    return redirect("account_role_removals")


@login_required
@require_POST
@domain_errors
def role_removal_refuse_view(request, pk):
    """Two-person rule, second half: the other administrator refuses, with reasons."""
    removal = selectors.role_removal_get(actor=request.user, pk=pk)
    role_removal_refuse(actor=request.user, removal=removal, reasons=[request.POST.get("reason")])
    messages.success(request, gettext("已拒绝该撤销申请，角色保留。"))
    return redirect("account_role_removals")
