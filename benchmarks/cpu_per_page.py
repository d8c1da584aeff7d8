"""Server CPU per request for the pages `benchmarks/suite.py` loads, measured in one process.

The HTTP benchmark needs the machine to itself; this one does not: each page is called through the
full WSGI application (every middleware, the context processors, the templates), as the user the
suite signs in for it, and the process CPU time (`time.process_time`) of each call is recorded.
It reports the median and the 90th percentile CPU milliseconds per request and the number of SQL
queries of one request. With 2 cores and the load generator on the same machine, a signed-in page
must stay near 4 ms of CPU to reach 200 req/s.

    DATABASE_URL=postgres://… python benchmarks/cpu_per_page.py [--requests 200] [--profile PAGE]
        [--fresh] [--json out.json]

`--fresh` creates the database's schema and demo data first (migrate, setup_platform, demo);
without it the database must already hold them. `--profile PAGE` (a label or a path) prints the
cProfile of that page's requests, sorted by cumulative time, instead of the table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovoucher.settings")


def _pages():
    from benchmarks.suite import PAGES

    return [(label, path, who, method) for label, path, who, method, _kind in PAGES]


def _session_cookie(username: str) -> str:
    """A signed-in session for `username` that passed the second factor, as the login and TOTP
    pages leave it (the suite signs in the same way before it loads a page)."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils.module_loading import import_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def _environ(path: str, method: str, cookie: str, body: bytes) -> dict:
    from urllib.parse import urlsplit

    parts = urlsplit(path)
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT": "text/html",
        "HTTP_REFERER": "http://127.0.0.1/",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _call(app, path, method, cookie, body) -> tuple[str, bytes]:
    status = []
    chunks = app(_environ(path, method, cookie, body), lambda s, h, e=None: status.append(s))
    try:
        content = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return status[0], content


def measure(requests: int, profile: str | None = None) -> list[dict]:
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from benchmarks.suite import QUOTE

    app = get_wsgi_application()
    csrf = "b" * 32
    cookies = {}
    rows = []
    for label, path, who, method in _pages():
        if profile and profile not in (label, path):
            continue
        if who not in cookies:
            cookies[who] = f"csrftoken={csrf}" + (
                f"; sessionid={_session_cookie(who)}" if who else ""
            )
        cookie = cookies[who]
        body = json.dumps(QUOTE).encode() if method == "POST" else b""
        environ_extra = cookie
        for _ in range(5):  # warm: templates compiled, connections open, caches filled
            status, _content = _call(app, path, method, environ_extra, body)
        if not status.startswith("200"):
            raise RuntimeError(f"{method} {path} as {who}: {status}, not 200")
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            _call(app, path, method, environ_extra, body)
        times = []
        profiler = cProfile.Profile() if profile else None
        for _ in range(requests):
            if profiler:
                profiler.enable()
            t0 = time.process_time()
            _call(app, path, method, environ_extra, body)
            times.append((time.process_time() - t0) * 1000)
            if profiler:
                profiler.disable()
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(70)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
            print(out.getvalue())
        times.sort()
        rows.append(
            {
                "page": label,
                "path": path,
                "user": who or "",
                "cpu_ms_median": round(statistics.median(times), 2),
                "cpu_ms_p90": round(times[int(len(times) * 0.9) - 1], 2),
                "queries": len(queries),
            }
        )
    return rows


def _fresh() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("setup_platform", verbosity=0)
    call_command("demo", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="a page's label or path: print its cProfile")
    parser.add_argument("--fresh", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args()
    if args.fresh:
        _fresh()
    rows = measure(args.requests, args.profile)
    if args.profile:
        return
    print(f"{'page':34} {'CPU ms (median)':>16} {'p90':>7} {'queries':>8}")
    for r in rows:
        print(f"{r['page']:34} {r['cpu_ms_median']:16.2f} {r['cpu_ms_p90']:7.2f} {r['queries']:8}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
