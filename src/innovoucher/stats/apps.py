from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "innovoucher.stats"
    label = "stats"
    verbose_name = "统计分析"
