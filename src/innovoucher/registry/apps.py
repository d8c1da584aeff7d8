from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "innovoucher.registry"
    label = "registry"
    verbose_name = "主体登记"

    def ready(self) -> None:
        # The ledger asks the registry for a payee's receiving account at export time.
        from innovoucher.ledger.payees import payee_directory_register
        from innovoucher.registry.payees import SCHEME, RegistryPayees

        payee_directory_register(SCHEME, RegistryPayees())
