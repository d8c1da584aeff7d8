from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "innovoucher.simulation"
    label = "simulation"
    verbose_name = "全流程演示"
