"""Menu entry of notices (the public list is in the portal row, portal/menus.py)."""

from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.notices.permissions import PUBLISHER_ROLES

NAV_ENTRIES = [
    entry("notices:manage", _("通知发布"), *PUBLISHER_ROLES),
]
