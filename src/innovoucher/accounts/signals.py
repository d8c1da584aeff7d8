"""Login history: Django's login signals → `services.login_record_create` (an interface hook,
like a view: it only reads the request and calls the service)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils.translation import gettext_noop

from innovoucher.accounts.selectors import user_by_username
from innovoucher.accounts.services import login_record_create


def _meta(request) -> dict:
    if request is None:
        return {"ip": "", "user_agent": ""}
    return {
        "ip": request.META.get("REMOTE_ADDR", ""),
        "user_agent": request.META.get("HTTP_USER_AGENT", ""),
    }


def on_login(sender, request, user, **kwargs):
    if request is None or not request.META.get("REMOTE_ADDR"):
        return  # force_login of the test client and the shell: no client to record
    login_record_create(user=user, username=user.get_username(), succeeded=True, **_meta(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = (credentials or {}).get("username", "") or ""
    user = user_by_username(username)
    locked = bool(getattr(request, "axes_locked_out", False))
    login_record_create(
        user=user,
        username=username,
        succeeded=False,
        reason=gettext_noop("账户已锁定") if locked else gettext_noop("用户名或密码错误"),
        **_meta(request),
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="accounts.login_record")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.login_failed_record")
