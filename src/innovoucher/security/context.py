"""The idle-timeout figures every signed-in page carries (read by security/session.js)."""

from django.conf import settings
from django.urls import reverse


def session_timeout(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds": settings.SESSION_COOKIE_AGE,
            "warn_seconds": settings.SESSION_WARNING_MINUTES * 60,
            "extend_url": reverse("session_extend"),
            "login_url": reverse("login"),
        }
    }
