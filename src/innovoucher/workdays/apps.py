from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "innovoucher.workdays"
    label = "workdays"
    verbose_name = "工作日历"
