from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "innovoucher.evaluation"
    label = "evaluation"
    verbose_name = "绩效评价"

    def ready(self) -> None:
        from innovoucher.evaluation.exporters import EXPORTER
        from innovoucher.exports.registry import exporter_register

        exporter_register(EXPORTER)
