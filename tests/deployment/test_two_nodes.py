"""Scale-out on existing engines: two app nodes (`innovoucher serve --no-worker`, one granian
process each) behind nginx, plus one `innovoucher worker`, against one PostgreSQL.

A firm signs in through nginx; its session holds on both nodes (sessions and CSRF live in the
database and the shared secret, nothing in a node's memory); the worker alone closes a due
publicity list; signing out on one node ends the session on both. PostgreSQL only (SQLite is the
one-node embedded mode); needs Debian's nginx (`.ci/run` installs it and sets REQUIRE_NGINX=1).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from innovoucher.core import clock
from innovoucher.redemptions.models import Publicity, Redemption
from innovoucher.redemptions.states import PublicityStatus
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (autouse fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    world_for,
)
from testsupport import PASSWORD
from testsupport.world import START

pytestmark = pytest.mark.django_db(transaction=True)

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  upstream innovoucher {{
    server 127.0.0.1:{a} max_fails=0;
    server 127.0.0.1:{b} max_fails=0;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://innovoucher;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("REQUIRE_NGINX=1 but nginx is not installed (apt-get install -y nginx)")
        pytest.skip("nginx is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_until(check, seconds: float, procs: list[subprocess.Popen], what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for p in procs:
            assert p.poll() is None, f"a process stopped while waiting for {what}:\n{_output(p)}"
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"{what} did not happen within {seconds:g} s")


def _output(proc: subprocess.Popen) -> str:
    try:
        return proc.communicate(timeout=10)[0] or ""
    except subprocess.TimeoutExpired:
        return "(no output)"


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def due_publicity(settings):
    world = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        redemption = pass_review(world, redemption_in_review(world))
    # The suite hashes with MD5 for speed; the nodes run the production hashers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    world.applicant_user.set_password(PASSWORD)
    world.applicant_user.save(update_fields=["password"])
    return world, redemption, redemption.publicity_items.get().publicity


def test_a_journey_through_two_nodes_behind_nginx_with_one_worker(due_publicity, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two nodes share a PostgreSQL server (SQLite is the embedded one-node mode)")
    nginx = _nginx()
    world, redemption, publicity = due_publicity
    a, b, port = _free_port(), _free_port(), _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "INNOVOUCHER_VAR_DIR": str(settings.VAR_DIR),
        "INNOVOUCHER_NOW": f"{publicity.ends_on + dt.timedelta(days=1)}T10:00:00",
        "INNOVOUCHER_TICK_SECONDS": "1",
        "INNOVOUCHER_TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }
    node = [sys.executable, "-m", "innovoucher", "serve", "--workers", "1", "--threads", "2"]
    node += ["--no-worker", "--skip-collectstatic", "--port"]
    spawn = dict(env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    procs = [
        subprocess.Popen([*node, str(a)], **spawn),
        subprocess.Popen([*node, str(b)], **spawn),
        subprocess.Popen([sys.executable, "-m", "innovoucher", "worker"], **spawn),
    ]
    (tmp_path / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp_path, a=a, b=b, port=port))
    test = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert test.returncode == 0, test.stderr
    procs.append(
        subprocess.Popen(
            [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
            **spawn,
        )
    )
    site = f"http://127.0.0.1:{port}"
    try:
        _wait_until(
            lambda: (
                _answers(f"http://127.0.0.1:{a}/healthz")
                and _answers(f"http://127.0.0.1:{b}/healthz")
            ),
            90,
            procs,
            "both app nodes answering /healthz",
        )
        _wait_until(lambda: _answers(f"{site}/healthz"), 20, procs, "nginx answering")

        firm = requests.Session()
        login = firm.get(f"{site}/accounts/login/", timeout=10)
        assert login.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        signed_in = firm.post(
            f"{site}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": world.applicant_user.username,
                "password": PASSWORD,
            },
            headers={"Referer": f"{site}/accounts/login/"},
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302, signed_in.text[:2000]

        seen = {}
        for _ in range(8):
            page = firm.get(f"{site}/vouchers/", allow_redirects=False, timeout=10)
            assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
            assert world.applicant.name in page.text, "the firm's own page on every node"
            seen[page.headers["X-Upstream"]] = seen.get(page.headers["X-Upstream"], 0) + 1
        assert set(seen) == {f"127.0.0.1:{a}", f"127.0.0.1:{b}"}, (
            f"nginx spread the signed-in pages over both nodes: {seen}"
        )

        _wait_until(
            lambda: Publicity.objects.filter(
                pk=publicity.pk, status=PublicityStatus.CLOSED
            ).exists(),
            90,
            procs,
            "the worker closing the due publicity list",
        )
        assert Redemption.objects.get(pk=redemption.pk).status == S.PAYABLE

        page = firm.get(f"{site}/vouchers/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        out = firm.post(
            f"{site}/accounts/logout/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{site}/vouchers/"},
            allow_redirects=False,
            timeout=10,
        )
        assert out.status_code in (200, 302)
        for _ in range(4):
            after = firm.get(f"{site}/vouchers/", allow_redirects=False, timeout=10)
            assert after.status_code == 302 and "/accounts/login/" in after.headers["Location"], (
                "signed out on one node means signed out on both"
            )
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM if p is not procs[-1] else signal.SIGQUIT)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
