"""The role-shaped navigation: the entries every app declares (core/nav.py), filtered by the
roles a person holds.

Apps declare their entries in `<app>/nav.py` as `NAV_ENTRIES`; `NAV_MODULES` lists those
modules in menu order, so plugging in a new app is one line here. Entries of the apps without a
nav.py of their own live in portal/menus.py. portal/context.py asks the database once per
request (the person's active roles) and caches the menu on the request.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.urls import reverse

from innovoucher.accounts.roles import STAFF_ROLES, Role
from innovoucher.core.nav import PORTAL, WORK, NavEntry

# Modules declaring NAV_ENTRIES, in menu order. One line per app.
NAV_MODULES = (
    "innovoucher.portal.menus",
    "innovoucher.notices.nav",
    "innovoucher.ledger.nav",
    "innovoucher.supervision.nav",
    "innovoucher.evaluation.nav",
    "innovoucher.stats.nav",
    "innovoucher.security.nav",
    "innovoucher.exports.nav",
)

OFFICIAL_ROLES = frozenset(str(r) for r in STAFF_ROLES | {Role.EXPERT})


@cache
def all_entries() -> tuple[NavEntry, ...]:
    entries: list[NavEntry] = []
    for module in NAV_MODULES:
        entries.extend(importlib.import_module(module).NAV_ENTRIES)
    return tuple(entries)


def menu_for(*, authenticated: bool, roles, staff: bool = False, superuser: bool = False):
    """What one person sees: (portal entries, workspace entries), each URL once, as dicts with
    url, label and the URL name."""
    roles = frozenset(str(r) for r in roles)
    official = bool(roles & OFFICIAL_ROLES)
    seen: set[str] = set()
    groups: dict[str, list[dict]] = {PORTAL: [], WORK: []}
    for e in all_entries():
        if e.url_name in seen or not e.visible(
            authenticated=authenticated,
            roles=roles,
            official=official,
            staff=staff,
            superuser=superuser,
        ):
            continue
        seen.add(e.url_name)
        groups[e.group].append({"url": reverse(e.url_name), "label": e.label, "name": e.url_name})
    return groups[PORTAL], groups[WORK]
