"""The order and contract lifecycles (`orders.states` tables) on the one engine (`core.lifecycle`).

`apply_order_transition` / `apply_contract_transition` check the action, the kind of actor, the
reasons and — through `orders.permissions` — that this actor acts for the client, the provider or
is the reviewer the pinned policy names; then compare-and-swap the status, write the change row
and the audit event (`orders.order.<action>`, `orders.contract.<action>`) in one transaction.
"""

from __future__ import annotations

from innovoucher.core.lifecycle import Lifecycle, transition_apply
from innovoucher.orders.models import ContractChange, Order, OrderChange, ServiceContract
from innovoucher.orders.permissions import authorize_contract, authorize_order
from innovoucher.orders.states import (
    CONTRACT_TRANSITIONS,
    ORDER_TRANSITIONS,
    ContractStatus,
    OrderStatus,
)

ORDER = Lifecycle(
    app="orders",
    entity="order",
    noun="订单",
    model=Order,
    statuses=OrderStatus,
    table=ORDER_TRANSITIONS,
    change_model=OrderChange,
    change_fk="order",
    authorize=authorize_order,
)
CONTRACT = Lifecycle(
    app="orders",
    entity="contract",
    noun="合同",
    model=ServiceContract,
    statuses=ContractStatus,
    table=CONTRACT_TRANSITIONS,
    change_model=ContractChange,
    change_fk="contract",
    authorize=authorize_contract,
    decided_field="decided_at",
)


def apply_order_transition(*, actor, order: Order, action: str, by: str, **kwargs) -> Order:
    """`kwargs`: reasons, values, after (see `core.lifecycle.transition_apply`)."""
    return transition_apply(ORDER, actor=actor, obj=order, action=action, by=by, **kwargs)


def apply_contract_transition(
    *, actor, contract: ServiceContract, action: str, by: str, data: dict | None = None, **kwargs
) -> ServiceContract:
    """`data`: the snapshot stored on the change row; `kwargs` as for orders."""
    change = {"data": data} if data is not None else None
    return transition_apply(
        CONTRACT, actor=actor, obj=contract, action=action, by=by, change=change, **kwargs
    )
