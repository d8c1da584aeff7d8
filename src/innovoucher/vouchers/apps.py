from django.apps import AppConfig


class VouchersConfig(AppConfig):
    name = "innovoucher.vouchers"
    label = "vouchers"
    verbose_name = "创新券"
