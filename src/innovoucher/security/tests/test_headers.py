"""Security headers on pages and the TLS settings switch."""

import os
import subprocess
import sys

import pytest


def test_anonymous_page_has_csp_and_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_signed_in_pages_are_not_stored(client, django_user_model):
    user = django_user_model.objects.create_user(username="firm1", password="x-Long-pass-1")
    client.force_login(user)
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"


def _settings_under(env: dict) -> str:
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='innovoucher.settings';"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_SSL_REDIRECT)"
    )
    full = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.parametrize(
    ("tls", "expected"), [("0", "False False 0 False"), ("1", "True True 31536000 True")]
)
def test_tls_switch_turns_on_secure_cookies_and_hsts(tls, expected):
    assert _settings_under({"INNOVOUCHER_TLS": tls}) == expected


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "INNOVOUCHER_TLS": "1",
        "SECRET_KEY": "k" * 20 + "-Production-Secret-Key-Not-Guessable-0123456789",
        "INNOVOUCHER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "INNOVOUCHER_PII_KEY": "1" * 64,
        "INNOVOUCHER_AUDIT_KEY": "2" * 64,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright, not in deployment
    result = subprocess.run(
        [sys.executable, "-m", "innovoucher", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_the_keys_live_beside_the_data(tmp_path):
    """The probe: "the PII key lives beside the database by default, so one backup holds both"."""
    env = {
        **os.environ,
        "INNOVOUCHER_TLS": "1",
        "SECRET_KEY": "k" * 20 + "-Production-Secret-Key-Not-Guessable-0123456789",
        "INNOVOUCHER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    for name in ("INNOVOUCHER_PII_KEY", "INNOVOUCHER_AUDIT_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "innovoucher", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "innovoucher.W001" in out and "INNOVOUCHER_PII_KEY" in out
    assert "innovoucher.W002" in out and "INNOVOUCHER_AUDIT_KEY" in out
