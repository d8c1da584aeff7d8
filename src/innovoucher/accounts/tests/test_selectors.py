"""The role pages' reads: for the security administrator only, missing targets are "not found"."""

import pytest

from innovoucher.accounts import selectors
from innovoucher.accounts.roles import PLATFORM_REGION, Role
from innovoucher.core.codes import Code
from innovoucher.core.errors import NotFound, PermissionDenied
from testsupport import make_user

pytestmark = pytest.mark.django_db


def test_only_the_security_administrator_reads_role_assignments():
    secadmin = make_user("secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)
    make_user("county-1", Role.COUNTY_REVIEWER, "330602")
    other = make_user("sysadmin", Role.SYSTEM_ADMIN, PLATFORM_REGION)
    assert [
        a.user.username for a in selectors.role_assignment_list(actor=secadmin, q="COUNTY")
    ] == ["county-1"]
    with pytest.raises(PermissionDenied):
        selectors.role_assignment_list(actor=other)
    with pytest.raises(NotFound):
        selectors.role_assignment_get(actor=secadmin, pk=999999)


def test_a_grant_names_an_existing_user_and_organisation():
    secadmin = make_user("secadmin", Role.SECURITY_ADMIN, PLATFORM_REGION)
    user = make_user("someone")
    assert selectors.grant_target_get(actor=secadmin, username="someone") == (user, None)
    with pytest.raises(NotFound):
        selectors.grant_target_get(actor=secadmin, username="nobody")
    with pytest.raises(NotFound) as exc:
        selectors.grant_target_get(actor=secadmin, username="someone", organisation_id=999999)
    assert exc.value.code == Code.ORGANISATION_NOT_FOUND
