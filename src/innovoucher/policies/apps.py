from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "innovoucher.policies"
    label = "policies"
    verbose_name = "政策"
