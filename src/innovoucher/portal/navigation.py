"""The role-shaped navigation: the entries every app declares (core/nav.py), filtered by the
roles a person holds.

Apps declare their entries in `<app>/nav.py` as `NAV_ENTRIES`; `NAV_MODULES` lists those
modules in menu order, so plugging in a new app is one line here. Entries of the apps without a
nav.py of their own live in portal/menus.py. portal/context.py asks the database once per
request (the person's active roles) and caches the menu on the request.
"""

from __future__ import annotations

import importlib
from functools import cache, lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

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
    url, label and the URL name (fresh dicts: the caller may mark the current page in them)."""
    portal, work = _menu(
        authenticated,
        frozenset(str(r) for r in roles),
        staff,
        superuser,
        (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF),
    )
    return [dict(i) for i in portal], [dict(i) for i in work]


@lru_cache(maxsize=512)
def _menu(authenticated: bool, roles: frozenset, staff: bool, superuser: bool, _urls: tuple):
    """The menu of one combination of roles and flags. A pure function of the code (the apps'
    NAV_ENTRIES, the URL patterns) and of its arguments — the roles themselves, never the
    person — so a change of someone's roles picks another entry at once, in every process. The
    labels stay lazy and are translated when the page renders; `_urls` (the script prefix and the
    URL configuration the URLs are reversed under) is part of the key."""
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
    return tuple(groups[PORTAL]), tuple(groups[WORK])
