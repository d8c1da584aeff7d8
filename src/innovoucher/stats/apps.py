from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "innovoucher.stats"
    label = "stats"
    verbose_name = "统计分析"

    def ready(self) -> None:
        from innovoucher.exports.registry import exporter_register
        from innovoucher.stats.exporters import EXPORTERS

        for exporter in EXPORTERS:
            exporter_register(exporter)
