"""Response headers every page carries (Content-Security-Policy comes from Django's own
`ContentSecurityPolicyMiddleware` and `settings.SECURE_CSP`).

- `Permissions-Policy`: no camera, microphone, geolocation, payment, USB or interest cohort;
- `Cache-Control: no-store` on every response to a signed-in user (pages with personal data
  must not stay in a shared or browser cache), unless the view set its own `Cache-Control`.
"""

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
