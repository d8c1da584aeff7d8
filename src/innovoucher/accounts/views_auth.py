"""Sign-in pages (身份鉴别): login, the TOTP step (enrolment with a QR code and recovery
codes, verification at every login), the account-security page with the login history, the
password change page and the idle-timeout "extend" call."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from innovoucher.accounts import selectors, services
from innovoucher.accounts.passwords import RULES_TEXT
from innovoucher.core.errors import DomainError, PermissionDenied
from innovoucher.core.web import apply_errors, domain_errors, paginate, safe_next


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


def _next(request) -> str:
    return safe_next(request, reverse("portal:home"))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=16,
        help_text=_("身份验证器当前显示的6位数字，或一个恢复码"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _qr_data_uri(device) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def otp_verify(request):
    """The second step of a login: a code from the authenticator (or a recovery code)."""
    if not selectors.otp_enrolled(request.user):
        return redirect(reverse("otp_enrol") + "?" + urlencode({"next": _next(request)}))
    if request.user.is_verified():
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.otp_verify(actor=request.user, token=form.cleaned_data["token"])
        except DomainError as exc:
            apply_errors(exc, form)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = selectors.recovery_codes_left(actor=request.user)
                messages.warning(
                    request,
                    ngettext(
                        "您使用了一个恢复码，还剩 %(n)s 个。请尽快在“账户安全”页面重新生成。",
                        "您使用了一个恢复码，还剩 %(n)s 个。请尽快在“账户安全”页面重新生成。",
                        left,
                    )
                    % {"n": left},
                )
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_enrol(request):
    """Bind an authenticator: scan the QR code (or type the key), confirm with a first code;
    the recovery codes are shown once on the next page. Re-binding needs a verified session."""
    if selectors.otp_enrolled(request.user) and not request.user.is_verified():
        return redirect(reverse("otp_verify") + "?" + urlencode({"next": _next(request)}))
    device = selectors.totp_device_pending(actor=request.user)
    if device is None:
        device = services.totp_enrol_begin(actor=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrol_confirm(
                actor=request.user, device=device, token=form.cleaned_data["token"]
            )
        except DomainError as exc:
            apply_errors(exc, form)
        else:
            django_otp.login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
    context = {
        "form": form,
        "next": _next(request),
        "qr": _qr_data_uri(device),
        "secret": _grouped_secret(device),
        "required": selectors.otp_required(request.user),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
@require_POST
@domain_errors
def recovery_codes_new(request):
    if not request.user.is_verified():
        raise PermissionDenied("请先完成身份验证器验证")
    codes = services.recovery_codes_regenerate(actor=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("account_security")},
    )


@login_required
def account_security(request):
    """账户安全: second factor, recovery codes, password, this account's login history."""
    page = paginate(
        request, selectors.login_record_list(actor=request.user).filter(user=request.user), 20
    )
    context = {
        "enrolled": selectors.otp_enrolled(request.user),
        "required": selectors.otp_required(request.user),
        "codes_left": selectors.recovery_codes_left(actor=request.user),
        "page": page,
    }
    return render(request, "accounts/security.html", context)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("新密码"),
        help_text=RULES_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("再次输入新密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") != data.get("new_password1"):
            self.add_error("new_password2", gettext("两次输入的新密码不一致"))
        return data


@login_required
def password_change(request):
    """The old password is checked through `authenticate` with the request, so wrong guesses are
    counted and locked out by django-axes like those on the login page (a stolen session cannot
    try passwords here without limit)."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        old = form.cleaned_data["old_password"]
        if authenticate(request, username=request.user.get_username(), password=old) is None:
            form.add_error("old_password", gettext("原密码不正确"))
            return render(request, "accounts/password_change.html", {"form": form})
        try:
            services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as exc:
            apply_errors(exc, form)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, gettext("密码已修改。"))
            return redirect("account_security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_POST
def session_extend(request):
    """Requests renew the idle timeout (at most once a minute: accounts.middleware); the page's
    warning
    calls this to stay signed in without leaving the page."""
    request.session["extended"] = True
    return JsonResponse({"ok": True, "seconds": request.session.get_expiry_age()})
