"""The idle timeout renewed at most once a minute (accounts.middleware.SessionRenewMiddleware):
no session write on most requests, the idle timeout of issue 14 kept."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innovoucher.accounts.middleware import MARK
from testsupport import make_user

pytestmark = pytest.mark.django_db


def _session_writes(ctx) -> int:
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def _row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _age_mark(client, seconds: int) -> None:
    session = client.session
    session[MARK] = session[MARK] - seconds
    session.save()


def test_a_second_request_within_the_minute_writes_no_session(client):
    client.force_login(make_user("renew1"))
    client.get("/")  # first request: renewed, the mark set
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert _session_writes(ctx) == 0


def test_after_a_minute_the_next_request_renews_the_idle_timeout(client):
    client.force_login(make_user("renew2"))
    client.get("/")
    _age_mark(client, settings.SESSION_RENEW_SECONDS + 1)
    Session.objects.filter(pk=_row(client).pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert _session_writes(ctx) == 1
    left = _row(client).expire_date - timezone.now()
    assert dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 30) < left
    assert left <= dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_an_idle_session_still_ends(client):
    client.force_login(make_user("renew3"))
    client.get("/")
    # idle past the timeout: the stored expiry has passed
    Session.objects.filter(pk=_row(client).pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/vouchers/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_extend_call_always_renews(client):
    client.force_login(make_user("renew4"))
    client.get("/")
    Session.objects.filter(pk=_row(client).pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=5)
    )
    with CaptureQueriesContext(connection) as ctx:
        assert client.post("/accounts/session/extend/").status_code == 200
    assert _session_writes(ctx) == 1
    assert _row(client).expire_date - timezone.now() > dt.timedelta(minutes=25)


def test_anonymous_pages_write_no_session(client):
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
        client.get("/")
    assert _session_writes(ctx) == 0
