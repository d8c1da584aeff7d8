"""身份鉴别 — login failure handling (django-axes): throttling and lockout with a Chinese
message saying when to retry, on the login page and for /admin/login/; unlocking by the
security administrator (audited); the login history of each account."""

import pytest
from axes.models import AccessAttempt

from innovoucher.accounts.models import LoginRecord
from innovoucher.accounts.roles import Role
from innovoucher.core.models import AuditEvent
from testsupport import PASSWORD, make_user

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (测试浏览器)"


def _try(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, HTTP_USER_AGENT=UA
    )


def _lock(client, username, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, username, "wrong-Password-1").status_code == 200
    return _try(client, username, "wrong-Password-1")


def test_repeated_failures_lock_the_account_with_a_retry_time(client, settings):
    make_user("victim")
    response = _lock(client, "victim", settings)
    html = response.content.decode()
    assert response.status_code == 429
    assert "登录失败次数过多" in html and "后重试" in html and "年" in html
    # Even the right password is refused while locked.
    response = _try(client, "victim", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert LoginRecord.objects.filter(username="victim", succeeded=False).count() >= 5


def test_admin_login_goes_through_the_throttled_login_page(client, settings):
    make_user("root-admin").__class__.objects.filter(username="root-admin").update(
        is_staff=True, is_superuser=True
    )
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The admin's own form accepts no password: a POST does not log in.
    client.post("/admin/login/", {"username": "root-admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert _lock(client, "root-admin", settings).status_code == 429


def test_the_security_administrator_unlocks_in_a_page(client, settings):
    make_user("victim2")
    _lock(client, "victim2", settings)
    sysadmin = make_user("sysadmin-x", Role.SYSTEM_ADMIN)
    client.force_login(sysadmin)
    assert client.get("/security/lockouts/").status_code == 403
    assert client.post("/security/lockouts/clear/", {"username": "victim2"}).status_code == 403
    secadmin = make_user("secadmin-x", Role.SECURITY_ADMIN)
    client.force_login(secadmin)
    html = client.get("/security/lockouts/").content.decode()
    assert "victim2" in html
    response = client.post("/security/lockouts/clear/", {"username": "victim2"}, follow=True)
    assert "已解除" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="victim2").exists()
    assert AuditEvent.objects.filter(
        action="security.lockout.clear", actor=secadmin, object_id="victim2"
    ).exists()
    client.logout()
    assert _try(client, "victim2", PASSWORD).status_code == 302


def test_login_history_for_the_user_and_the_security_administrator(client):
    make_user("alice")
    make_user("bob")
    _try(client, "alice", "wrong-Password-1")
    assert _try(client, "alice", PASSWORD).status_code == 302
    ok = LoginRecord.objects.get(username="alice", succeeded=True)
    assert ok.ip_address == "127.0.0.1" and ok.user_agent == UA
    assert LoginRecord.objects.get(username="alice", succeeded=False).reason
    assert AuditEvent.objects.filter(action="accounts.login.succeed").exists()
    assert AuditEvent.objects.filter(action="accounts.login.fail").exists()
    html = client.get("/accounts/security/").content.decode()
    assert "登录记录" in html and "失败" in html and "127.0.0.1" in html
    client.post("/accounts/logout/")
    _try(client, "bob", PASSWORD)
    html = client.get("/accounts/security/").content.decode()
    assert "alice" not in html  # a person sees their own history only
    assert client.get("/security/logins/").status_code == 403
    client.force_login(make_user("secadmin-h", Role.SECURITY_ADMIN))
    html = client.get("/security/logins/?q=alice").content.decode()
    assert "alice" in html and "bob" not in html
