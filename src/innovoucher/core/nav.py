"""Navigation entries an app declares in its `nav.py` as `NAV_ENTRIES` (no queries, no imports
of the portal): a URL name, a label and who sees it. The portal (portal/navigation.py) collects
the entries of every app and filters them by the roles a person holds."""

from __future__ import annotations

from dataclasses import dataclass, field

PUBLIC = "public"  # everyone, signed in or not
ANONYMOUS = "anonymous"  # only visitors who are not signed in
SIGNED_IN = "signed_in"  # every signed-in person
ROLES = "roles"  # people holding one of `roles` (superusers too when `superuser`)
STAFF = "staff"  # accounts with is_staff (the Django admin)
NON_OFFICIAL = "non_official"  # signed-in people holding no official role (parties, newcomers)

PORTAL = "portal"  # the public row of the menu
WORK = "work"  # the workspace row of a signed-in person


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str
    audience: str = ROLES
    roles: frozenset = field(default_factory=frozenset)
    group: str = WORK
    superuser: bool = False

    def visible(
        self,
        *,
        authenticated: bool,
        roles: frozenset,
        official: bool = False,
        staff: bool = False,
        superuser: bool = False,
    ) -> bool:
        if self.audience == PUBLIC:
            return True
        if self.audience == ANONYMOUS:
            return not authenticated
        if not authenticated:
            return False
        if self.audience == SIGNED_IN:
            return True
        if self.audience == STAFF:
            return staff or superuser
        if self.audience == NON_OFFICIAL:
            return not official
        return bool(roles & self.roles) or (self.superuser and superuser)


def entry(url_name, label, *roles, audience=None, group=WORK, superuser=False) -> NavEntry:
    """`entry("ledger:budgets", _("资金管理"), Role.FINANCE_OFFICER, ...)`."""
    return NavEntry(
        url_name=url_name,
        label=label,
        audience=audience or ROLES,
        roles=frozenset(str(r) for r in roles),
        group=group,
        superuser=superuser,
    )
