from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "innovoucher.orders"
    label = "orders"
    verbose_name = "订单与合同"
