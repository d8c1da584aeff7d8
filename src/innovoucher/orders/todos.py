"""What waits on the actor in orders: orders to accept or deliver (provider), to settle and rate
(client), contracts to fix (client) and to review (the reviewer the policy names, with due
dates)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innovoucher.core import clock
from innovoucher.core.web import zh
from innovoucher.notifications.domain import Todo
from innovoucher.orders import selectors
from innovoucher.orders.selectors import rating_due_on
from innovoucher.orders.states import ContractStatus, OrderStatus

LIMIT = 50


def _url(order) -> str:
    return reverse("orders:detail", args=[order.pk])


def provider_orders(actor) -> list[Todo]:
    qs = selectors.order_list_for_provider(actor=actor).filter(
        status__in=[OrderStatus.PLACED, OrderStatus.ACCEPTED]
    )[:LIMIT]
    return [
        Todo(
            format_html(
                _("确认接单：{subject}")
                if o.status == OrderStatus.PLACED
                else _("完成服务：{subject}"),
                subject=zh(o.subject),
            ),
            _url(o),
            _("服务订单"),
            detail=zh(o.client.name),
        )
        for o in qs
    ]


def client_orders(actor) -> list[Todo]:
    today = clock.today()
    items = []
    for o in selectors.order_list_for_client(actor=actor).filter(
        status__in=[OrderStatus.DELIVERED, OrderStatus.SETTLED], rating__isnull=True
    )[:LIMIT]:
        due = rating_due_on(o)
        if o.status == OrderStatus.SETTLED and due is None:
            continue  # the policy sets no rating period: no reminder once settled
        title = (
            _("结算并评价：{subject}")
            if o.status == OrderStatus.DELIVERED
            else _("评价服务机构：{subject}")
        )
        items.append(
            Todo(
                format_html(title, subject=zh(o.subject)),
                _url(o),
                _("服务订单"),
                due_on=due,
                detail=zh(o.provider.name),
                overdue=bool(due and due < today),
            )
        )
    return items


def client_contracts(actor) -> list[Todo]:
    own = selectors.contract_list_for_client(actor=actor).filter(
        status__in=[ContractStatus.DRAFT, ContractStatus.RETURNED]
    )[:LIMIT]
    return [
        Todo(
            format_html(
                _("按退回意见修改服务合同：{project}")
                if c.status == ContractStatus.RETURNED
                else _("提交服务合同：{project}"),
                project=zh(c.project_name),
            ),
            reverse("orders:contract", args=[c.pk]),
            _("服务合同"),
            detail=zh("；".join(c.reasons)),
        )
        for c in own
    ]


def contracts_to_review(actor) -> list[Todo]:
    return [
        Todo(
            format_html(_("审核服务合同：{project}"), project=zh(i.contract.project_name)),
            reverse("orders:contract", args=[i.contract.pk]),
            _("服务合同审核"),
            due_on=i.due_on,
            detail=zh(i.contract.order.client.name),
            overdue=i.overdue,
        )
        for i in selectors.contract_queue_for_reviewer(actor=actor)[:LIMIT]
    ]


TODO_SOURCES = [provider_orders, client_orders, client_contracts, contracts_to_review]
