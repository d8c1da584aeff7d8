from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innovoucher.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self):
        from innovoucher.accounts import signals

        signals.connect()
