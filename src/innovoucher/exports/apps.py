from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "innovoucher.exports"
    label = "exports"
    verbose_name = "导出"
