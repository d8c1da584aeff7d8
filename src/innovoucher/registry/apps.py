from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "innovoucher.registry"
    label = "registry"
    verbose_name = "主体登记"
