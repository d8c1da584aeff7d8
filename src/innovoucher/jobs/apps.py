from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "innovoucher.jobs"
    label = "jobs"
    verbose_name = "后台任务"
