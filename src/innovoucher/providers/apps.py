from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "innovoucher.providers"
    label = "providers"
    verbose_name = "服务机构"
