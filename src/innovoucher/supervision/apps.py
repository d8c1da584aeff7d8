from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "innovoucher.supervision"
    label = "supervision"
    verbose_name = "监督检查"

    def ready(self) -> None:
        # Vouchers, orders, providers and redemptions ask whether a party may act through the
        # fitness hooks of the registry; supervision answers them (bans, commitments, credit).
        from innovoucher.registry.fitness import FitnessChecks, fitness_register
        from innovoucher.supervision.guards import refuse_if_banned, refuse_if_unfit
        from innovoucher.supervision.services.commitments import commitment_ensure

        fitness_register(
            "supervision",
            FitnessChecks(
                banned=refuse_if_banned, unfit=refuse_if_unfit, prepare=commitment_ensure
            ),
        )
