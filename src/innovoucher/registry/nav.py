"""Navigation entries of the registry for the people whose pages are not in the public menu."""

from django.urls import reverse
from django.utils.translation import gettext as _

from innovoucher.accounts.permissions import actor_organisation_ids
from innovoucher.accounts.roles import Role


def registry_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if actor_organisation_ids(user, Role.INCUBATOR_AGENT):
        return [{"url": reverse("registry:team_register"), "label": _("代团队登记")}]
    return []
