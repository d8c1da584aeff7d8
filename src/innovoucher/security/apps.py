from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class SecurityConfig(AppConfig):
    name = "innovoucher.security"
    label = "security"
    verbose_name = "安全管理"

    def ready(self) -> None:
        from innovoucher.exports.registry import exporter_register
        from innovoucher.security import checks  # noqa: F401 - registers the deploy checks
        from innovoucher.security.exporters import EXPORTER

        exporter_register(EXPORTER)


class SecuredAdminConfig(AdminConfig):
    """django.contrib.admin with the site of `security.admin_site` (2FA, 三员, audited)."""

    default_site = "innovoucher.security.admin_site.InnovoucherAdminSite"
