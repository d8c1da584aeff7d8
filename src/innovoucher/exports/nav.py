"""Navigation entry of the exports: 我的导出 for every role that may ask for some export (the
roles the registered exporters declare; this module is read by portal/navigation.py at the first
request, after every app's `ready()` has registered its exporters)."""

from django.utils.translation import gettext_lazy as _

from innovoucher.core.nav import entry
from innovoucher.exports.registry import exporter_roles

NAV_ENTRIES = [entry("exports:list", _("我的导出"), *sorted(exporter_roles()))]
