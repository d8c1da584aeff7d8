"""三员分立 fixes (issue 14): no administrator holds or is granted a business role, nobody grants
themself a role, and removing another administrator's role takes two administrators."""

import pytest

from innovoucher.accounts.codes import Code
from innovoucher.accounts.lifecycles import ROLE_REMOVAL
from innovoucher.accounts.models import AdminRoleRemoval, RoleAssignment
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.accounts.services import (
    role_grant,
    role_removal_confirm,
    role_removal_refuse,
    role_removal_request,
    role_revoke,
)
from innovoucher.accounts.states import RemovalStatus
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import lifecycles
from innovoucher.core.models import AuditEvent
from testsupport import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"


@pytest.fixture
def secadmin():
    return make_user("secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)


def test_security_admin_cannot_grant_itself_a_business_role(client, secadmin):
    client.force_login(secadmin)
    response = client.post(
        f"{API}/roles",
        {"username": "secadmin", "role": "county_reviewer", "region_code": "330602"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == Code.SELF_GRANT
    assert not RoleAssignment.objects.filter(user=secadmin, role=Role.COUNTY_REVIEWER).exists()


@pytest.mark.parametrize("admin_role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_no_administrator_is_granted_a_business_role(client, secadmin, admin_role):
    make_user("other-admin", admin_role, PLATFORM_REGION)
    client.force_login(secadmin)
    response = client.post(
        f"{API}/roles",
        {"username": "other-admin", "role": "county_reviewer", "region_code": "330602"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == Code.ADMIN_BUSINESS_ROLE


def test_a_business_role_holder_is_not_made_an_administrator(secadmin):
    reviewer = make_user("rev", Role.COUNTY_REVIEWER, "330602")
    with pytest.raises(PermissionDenied) as exc:
        role_grant(
            actor=secadmin, user=reviewer, role=Role.AUDIT_ADMIN, region_code=PLATFORM_REGION
        )
    assert exc.value.code == Code.ADMIN_BUSINESS_ROLE


def test_removing_another_administrator_takes_a_second_administrator(secadmin):
    target = make_user("target-admin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    assignment = RoleAssignment.objects.get(user=target)
    with pytest.raises(Conflict) as exc:
        role_revoke(actor=secadmin, assignment=assignment)
    assert exc.value.code == Code.REMOVAL_PENDING
    removal = role_removal_request(actor=secadmin, assignment=assignment, reason="离岗")
    with pytest.raises(Conflict):
        role_removal_request(actor=secadmin, assignment=assignment, reason="再次")
    # Neither the requester nor the administrator losing the role confirms.
    for person in (secadmin, target):
        with pytest.raises(PermissionDenied) as exc:
            role_removal_confirm(actor=person, removal=removal)
        assert exc.value.code == Code.REMOVAL_SAME_PERSON
    # A business user is no administrator.
    with pytest.raises(PermissionDenied):
        role_removal_confirm(
            actor=make_user("rev2", Role.COUNTY_REVIEWER, "330602"), removal=removal
        )
    assert RoleAssignment.objects.get(pk=assignment.pk).active
    second = make_user("second", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    role_removal_confirm(actor=second, removal=removal)
    assert not RoleAssignment.objects.get(pk=assignment.pk).active
    with pytest.raises(Conflict):
        role_removal_confirm(actor=second, removal=removal)
    assert AuditEvent.objects.filter(
        action="accounts.role_removal.request", actor=secadmin
    ).exists()
    assert AuditEvent.objects.filter(action="accounts.role.revoke", actor=second).exists()


def test_a_business_role_is_revoked_at_once(secadmin):
    rev = make_user("rev3", Role.COUNTY_REVIEWER, "330602")
    role_revoke(actor=secadmin, assignment=RoleAssignment.objects.get(user=rev))
    assert not RoleAssignment.objects.get(user=rev).active


def test_two_person_removal_in_the_pages(client, secadmin):
    target = make_user("target2", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    assignment = RoleAssignment.objects.get(user=target)
    client.force_login(secadmin)
    response = client.post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert response["Location"] == f"/accounts/roles/{assignment.pk}/removal/"
    html = client.post(f"/accounts/roles/{assignment.pk}/removal/", {"reason": ""}).content.decode()
    assert "必填" in html  # the form again, message at the field
    client.post(f"/accounts/roles/{assignment.pk}/removal/", {"reason": "岗位调整"})
    removal = AdminRoleRemoval.objects.get(assignment=assignment)
    html = client.get("/accounts/roles/removals/").content.decode()
    assert "待确认" in html and "确认撤销</button>" not in html  # not for the requester
    auditor = make_user("auditor-admin", Role.AUDIT_ADMIN, PLATFORM_REGION)
    client.force_login(auditor)
    html = client.get("/").content.decode()
    assert 'href="/accounts/roles/removals/"' in html  # in the navigation
    assert "确认撤销</button>" in client.get("/accounts/roles/removals/").content.decode()
    client.post(f"/accounts/roles/removals/{removal.pk}/confirm/")
    assert not RoleAssignment.objects.get(pk=assignment.pk).active
    client.force_login(make_user("nobody"))
    assert client.get("/accounts/roles/removals/").status_code == 403


def test_the_removal_is_a_lifecycle_on_the_engine_with_change_rows_and_audit(secadmin):
    """request → confirm | refuse (reasons) through `core.lifecycle`: each decision a change row
    and an `accounts.role_removal.<action>` event; a refused request leaves the role and a new
    request may follow; a decided request is never decided again."""
    assert lifecycles()["accounts.role_removal"] is ROLE_REMOVAL
    target = make_user("target3", Role.AUDIT_ADMIN, PLATFORM_REGION)
    assignment = RoleAssignment.objects.get(user=target)
    second = make_user("second3", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    first = role_removal_request(actor=secadmin, assignment=assignment, reason="离岗")
    assert first.status == RemovalStatus.REQUESTED and first.pending
    with pytest.raises(ValidationFailed) as exc:
        role_removal_refuse(actor=second, removal=first, reasons=[" "])
    assert exc.value.details["fields"]["reasons"]
    refused = role_removal_refuse(actor=second, removal=first, reasons=["审计期间不得调整"])
    assert refused.status == RemovalStatus.REFUSED and not refused.pending
    assert RoleAssignment.objects.get(pk=assignment.pk).active
    with pytest.raises(Conflict):
        role_removal_confirm(actor=second, removal=refused)
    assert list(refused.changes.values_list("action", "from_status", "to_status", "actor")) == [
        ("refuse", "requested", "refused", second.pk)
    ]
    event = AuditEvent.objects.get(action="accounts.role_removal.refuse")
    assert event.actor == second and event.data["reasons"] == ["审计期间不得调整"]
    # After a refusal a new request may be made; confirming it revokes the role atomically.
    again = role_removal_request(actor=secadmin, assignment=assignment, reason="审计结束后离岗")
    done = role_removal_confirm(actor=second, removal=again)
    assert done.status == RemovalStatus.CONFIRMED and done.confirmed_by == second
    assert not RoleAssignment.objects.get(pk=assignment.pk).active
    assert list(done.changes.values_list("action", flat=True)) == ["confirm"]
    assert AuditEvent.objects.filter(action="accounts.role_removal.confirm", actor=second).exists()


def test_refusing_a_removal_in_the_page_and_the_api(client, secadmin):
    target = make_user("target4", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    assignment = RoleAssignment.objects.get(user=target)
    client.force_login(secadmin)
    response = client.post(
        f"/api/v1/registry/roles/{assignment.pk}/removal",
        {"reason": "岗位调整"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "requested"
    removal_id = response.json()["id"]
    # The requester cannot refuse its own request either.
    response = client.post(
        f"/api/v1/registry/roles/removals/{removal_id}/refuse",
        {"reason": "撤回"},
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["code"] == Code.REMOVAL_SAME_PERSON
    auditor = make_user("auditor4", Role.AUDIT_ADMIN, PLATFORM_REGION)
    client.force_login(auditor)
    html = client.get("/accounts/roles/removals/").content.decode()
    assert "拒绝撤销</button>" in html
    client.post(f"/accounts/roles/removals/{removal_id}/refuse/", {"reason": "无正当理由"})
    removal = AdminRoleRemoval.objects.get(pk=removal_id)
    assert removal.status == "refused" and removal.reasons == ["无正当理由"]
    assert RoleAssignment.objects.get(pk=assignment.pk).active
    assert "已拒绝" in client.get("/accounts/roles/removals/").content.decode()
