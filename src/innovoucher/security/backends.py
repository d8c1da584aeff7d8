"""Login throttling: django-axes' backend, first in AUTHENTICATION_BACKENDS.

Every login over HTTP (the login page, /admin/login/) calls `authenticate(request, …)` and is
counted and, past the limit, refused. Calls without a request (the test client's `login`, the
shell) cannot be attributed to a client and pass through to the model backend.
"""

from axes.backends import AxesStandaloneBackend


class ThrottledBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
