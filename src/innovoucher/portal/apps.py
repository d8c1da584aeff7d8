from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "innovoucher.portal"
    label = "portal"
    verbose_name = "门户"
