"""Navigation entries of supervision: 监督检查 for officials (its tabs lead to imports, measures,
bulletins, the controller graph, staff accountability), 信用承诺 and 通报整改 for the parties
(通报整改 lists a provider's measures and the 限期整改 of spot checks addressed to a firm)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.accounts.permissions import actor_organisation_ids
from innovoucher.accounts.roles import PARTY_ROLES
from innovoucher.core.nav import entry
from innovoucher.supervision.permissions import READER_ROLES, is_reader
from innovoucher.supervision.selectors import provider_has_measures


def supervision_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items = []
    if is_reader(user):
        items.append({"url": reverse("supervision:overview"), "label": _("监督检查")})
    if actor_organisation_ids(user, *PARTY_ROLES):
        items.append({"url": reverse("supervision:commitments"), "label": _("信用承诺")})
        if provider_has_measures(user):
            items.append({"url": reverse("supervision:measures"), "label": _("通报整改")})
    return items


# The role-shaped menu (portal/navigation.py); the overview links the sub-pages.
NAV_ENTRIES = [
    entry("supervision:overview", _("监督检查"), *READER_ROLES),
    entry("supervision:commitments", _("信用承诺"), *PARTY_ROLES),
    entry("supervision:measures", _("通报整改"), *PARTY_ROLES),
]
