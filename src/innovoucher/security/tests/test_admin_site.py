"""The Django admin: behind the TOTP step and the 三员 rules; every add / change / delete is an
audit event in the chain; passwords reset only by the security administrator, audited."""

import pytest
from django.contrib.auth import get_user_model

from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core.models import AuditEvent
from testsupport import make_user
from testsupport.otp import TEST_TOTP_KEY, totp_enrol, verified_login

pytestmark = pytest.mark.django_db


def _staff(username, role=None):
    user = make_user(username, role, PLATFORM_REGION)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


def _superuser(username="root"):
    user = make_user(username)
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    user.refresh_from_db()
    return user


def test_admin_needs_the_second_factor(client, otp_enforced):
    root = _superuser()
    client.force_login(root)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/accounts/otp/" in response["Location"]
    verified_login(client, root)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "role,allowed",
    [
        (Role.SYSTEM_ADMIN, True),
        (Role.SECURITY_ADMIN, True),
        (Role.AUDIT_ADMIN, False),
        (None, False),
    ],
)
def test_admin_is_for_the_superuser_and_system_and_security_admins(client, role, allowed):
    client.force_login(_staff("staff-x", role))
    response = client.get("/admin/")
    assert (response.status_code == 200) is allowed


def test_every_admin_change_is_an_audit_event(client):
    root = _superuser()
    client.force_login(root)
    victims = [make_user(f"v{i}") for i in range(3)]
    client.post(f"/admin/accounts/user/{victims[0].pk}/delete/", {"post": "yes"})
    event = AuditEvent.objects.get(action="accounts.admin.delete")
    assert event.actor == root and event.object_id == str(victims[0].pk)
    assert event.object_type == "accounts.user"
    # The bulk action writes its log entries in one go: each is audited too.
    client.post(
        "/admin/accounts/user/",
        {
            "action": "delete_selected",
            "_selected_action": [v.pk for v in victims[1:]],
            "post": "yes",
        },
    )
    assert AuditEvent.objects.filter(action="accounts.admin.delete").count() == 3
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "added1",
            "password1": "Added-Pass-2026",
            "password2": "Added-Pass-2026",
            "usable_password": "true",
        },
    )
    assert AuditEvent.objects.filter(action="accounts.admin.add", actor=root).exists()


def test_only_the_security_admin_resets_passwords_and_it_is_audited(client):
    target = make_user("target")
    url = f"/admin/accounts/user/{target.pk}/password/"
    data = {
        "password1": "Reset-Pass-2026",
        "password2": "Reset-Pass-2026",
        "usable_password": "true",
    }
    for person in (_superuser(), _staff("sys", Role.SYSTEM_ADMIN)):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    target.refresh_from_db()
    assert not target.check_password("Reset-Pass-2026")
    secadmin = _staff("sec", Role.SECURITY_ADMIN)
    client.force_login(secadmin)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Reset-Pass-2026")
    assert AuditEvent.objects.filter(
        action="accounts.password.reset", actor=secadmin, object_id=str(target.pk)
    ).exists()


def test_the_admin_never_shows_an_authenticator_key(client):
    root = _superuser()
    device = totp_enrol(make_user("holder"))
    client.force_login(root)
    html = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert TEST_TOTP_KEY not in html
    config = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True)
    assert "otpauth://" not in config.content.decode()
    assert TEST_TOTP_KEY not in config.content.decode()
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
