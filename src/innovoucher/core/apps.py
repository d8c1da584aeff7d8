from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovoucher.core"
    label = "core"
    verbose_name = "核心"
