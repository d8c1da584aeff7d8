"""三员分立 and PII: a reveal needs a business role in the region, never an administrator role —
even an administrator account that somehow holds a business role in the database."""

import pytest

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core.models import AuditEvent
from testsupport import make_user

pytestmark = pytest.mark.django_db


def _reveal(client, enterprise):
    return client.post(
        "/api/v1/registry/pii/reveal",
        {"model": "organisation", "id": enterprise.pk, "field": "legal_rep_id"},
        content_type="application/json",
    )


def test_a_county_reviewer_reveals_but_no_administrator_does(client, enterprise):
    client.force_login(make_user("yc-rev", Role.COUNTY_REVIEWER, "330602"))
    assert _reveal(client, enterprise).status_code == 200
    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        admin = make_user(f"adm-{role}", role, PLATFORM_REGION)
        # Planted past the services (which refuse it): the reveal still says no.
        RoleAssignment.objects.create(user=admin, role=Role.COUNTY_REVIEWER, region_code="330602")
        client.force_login(admin)
        response = _reveal(client, enterprise)
        assert response.status_code in (403, 404), role
        assert "value" not in response.json()
    assert AuditEvent.objects.filter(action="registry.pii.reveal").count() == 1
