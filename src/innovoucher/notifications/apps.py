from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innovoucher.notifications"
    label = "notifications"
    verbose_name = "消息与待办"
