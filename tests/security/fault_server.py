"""A platform web server for the kill -9 fault tests: the real WSGI application on the test
database, in its own process, that SIGKILLs itself (no clean-up, no rollback by Python) on the
N-th call of one function — the moment a crash hurts most, reached through HTTP.

    FAULT_DB_NAME=<test database> FAULT_TARGET=pkg.module:function FAULT_AT=5 \\
        python tests/security/fault_server.py <port>
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovoucher.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def arm(target: str, at: int) -> None:
    module_name, _, name = target.partition(":")
    module = importlib.import_module(module_name)
    real, calls = getattr(module, name), []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(module, name, wrapper)


def main() -> None:
    settings.DATABASES["default"]["NAME"] = os.environ["FAULT_DB_NAME"]
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    django.setup()
    if os.environ.get("FAULT_TARGET"):
        arm(os.environ["FAULT_TARGET"], int(os.environ.get("FAULT_AT", "1")))
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415 - after setup

    server = make_server(
        "127.0.0.1", int(sys.argv[1]), get_wsgi_application(), handler_class=QuietHandler
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
