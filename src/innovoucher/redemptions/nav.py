"""Staff navigation entries of the officials' redemption and voucher work, and the registry's
(`registry.nav`): every official page is reachable from the menu (portal/context.py adds them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovoucher.redemptions.selectors import families_with_calls
from innovoucher.registry.nav import registry_nav_items
from innovoucher.vouchers.selectors import issuing_families


def redemption_nav_items(user) -> list[dict]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    items = []
    if families_with_calls(actor=user):
        items.append({"url": reverse("redemptions:call_publish"), "label": _("新建兑付通知")})
    if issuing_families(actor=user):
        items.append({"url": reverse("vouchers:official"), "label": _("发放创新券")})
    return items + registry_nav_items(user)
