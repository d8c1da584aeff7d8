"""Role management for the security administrator (三员分立: only this role grants roles)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import require_admin, role_grant, role_revoke
from innovoucher.core.errors import DomainError, NotFound


class GrantForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    region_code = forms.CharField(
        label="行政区划代码", max_length=6, help_text="三员为全平台角色，填 100000"
    )
    organisation_id = forms.IntegerField(label="所属机构编号", required=False)


def _denied(request, exc: DomainError):
    return render(
        request,
        "portal/error.html",
        {"title": "无权操作", "message": exc.message},
        status=exc.status,
    )


@login_required
def roles(request):
    try:
        require_admin(request.user, Role.SECURITY_ADMIN)
    except DomainError as exc:
        return _denied(request, exc)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = get_user_model().objects.filter(username=data["username"]).first()
        organisation = None
        if data["organisation_id"]:
            Organisation = RoleAssignment._meta.get_field("organisation").related_model
            organisation = Organisation.objects.filter(pk=data["organisation_id"]).first()
        try:
            if user is None:
                raise NotFound(f"用户“{data['username']}”不存在")
            if data["organisation_id"] and organisation is None:
                raise NotFound(f"机构编号 {data['organisation_id']} 不存在")
            role_grant(
                actor=request.user,
                user=user,
                role=data["role"],
                region_code=data["region_code"],
                organisation=organisation,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已为 {user.username} 授予{Role(data['role']).label}。")
            return redirect("account_roles")
    q = request.GET.get("q", "").strip()
    qs = RoleAssignment.objects.select_related("user", "organisation").order_by(
        "-active", "user__username", "role"
    )
    if q:
        qs = qs.filter(user__username__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/roles.html", {"form": form, "page": page, "q": q})


@login_required
@require_POST
def role_revoke_view(request, pk):
    try:
        assignment = RoleAssignment.objects.select_related("user").filter(pk=pk).first()
        if assignment is None:
            raise NotFound("角色授权不存在")
        role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        return _denied(request, exc)
    messages.success(request, "已撤销角色授权。")
    return redirect("account_roles")
