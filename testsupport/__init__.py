"""Test support shared by every app's tests (never imported by production code).

- `make_user(username, role=None, region=…, organisation=None, grants=())`: the one user builder;
- `testsupport.world`: a small world for lifecycle tests built through the services.

The root `conftest.py` sets fast password hashing and a private MEDIA_ROOT for every test.
"""

from __future__ import annotations

PASSWORD = "World-Test-2026pass"


def make_user(
    username: str,
    role=None,
    region: str = "100000",
    organisation=None,
    *,
    grants=(),
    email: str = "",
):
    """A user (password `PASSWORD`) holding `role` in `region`, plus any `(role, region)`
    pairs in `grants`; roles are assigned through the accounts service."""
    from innovoucher.accounts.services import assign_role, create_user_record

    user = create_user_record(
        username=username, password=PASSWORD, display_name=username, email=email
    )
    pairs = ([(role, region)] if role is not None else []) + list(grants)
    for r, reg in pairs:
        assign_role(actor=None, user=user, role=r, region_code=reg, organisation=organisation)
    return user
