from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "innovoucher.supervision"
    label = "supervision"
    verbose_name = "监督检查"
