"""Response headers every page carries (Content-Security-Policy comes from Django's own
`ContentSecurityPolicyMiddleware` and `settings.SECURE_CSP`).

- `Permissions-Policy`: no camera, microphone, geolocation, payment, USB or interest cohort;
- `Cache-Control: no-store` on every response to a signed-in user (pages with personal data
  must not stay in a shared or browser cache), unless the view set its own `Cache-Control`.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from innovoucher.accounts import selectors as account_selectors
from innovoucher.accounts.codes import Code

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response


# Paths a signed-in user who still owes the second factor may reach: the second-factor pages
# themselves, logging out, static files, language switching and the health check.
OTP_OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


class SecondFactorMiddleware:
    """身份鉴别 (two factors): an account that must use TOTP (`accounts.selectors.otp_required`)
    reaches nothing but the enrolment / verification pages until this session passed the TOTP
    step. Pages redirect there; the API answers 403 `otp_required`. Runs after django-otp's
    `OTPMiddleware` (which sets `request.user.is_verified()`); off when
    `INNOVOUCHER_OTP_ENFORCED` is false (the unit tests)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OTP_OPEN_PREFIXES)
            and account_selectors.otp_enforced()
            and not user.is_verified()
            and account_selectors.otp_required(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": Code.OTP_REQUIRED,
                        "message": "请先在登录页面完成身份验证器（动态口令）验证",
                        "details": {},
                    },
                    status=403,
                )
            target = request.get_full_path() if request.method == "GET" else "/"
            return redirect(reverse("otp_verify") + "?" + urlencode({"next": target}))
        return self.get_response(request)
