from django.apps import AppConfig


class RedemptionsConfig(AppConfig):
    name = "innovoucher.redemptions"
    label = "redemptions"
    verbose_name = "兑付"
