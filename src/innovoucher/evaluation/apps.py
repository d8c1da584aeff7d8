from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "innovoucher.evaluation"
    label = "evaluation"
    verbose_name = "绩效评价"
