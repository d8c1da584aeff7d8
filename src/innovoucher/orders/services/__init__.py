"""Order services: every change to an order, contract, attachment or rating goes through one of
these."""

from innovoucher.orders.services.contracts import (
    ContractData,
    contract_approve,
    contract_checks,
    contract_initial,
    contract_reject,
    contract_return,
    contract_save,
    contract_submit,
)
from innovoucher.orders.services.documents import attachment_add, contract_upload_signed
from innovoucher.orders.services.ordering import (
    order_accept,
    order_cancel,
    order_decline,
    order_deliver,
    order_place,
    order_settle,
)
from innovoucher.orders.services.ratings import rating_submit
from innovoucher.orders.services.transition import apply_contract_transition, apply_order_transition

__all__ = [
    "ContractData",
    "apply_contract_transition",
    "apply_order_transition",
    "attachment_add",
    "contract_approve",
    "contract_checks",
    "contract_initial",
    "contract_reject",
    "contract_return",
    "contract_save",
    "contract_submit",
    "contract_upload_signed",
    "order_accept",
    "order_cancel",
    "order_decline",
    "order_deliver",
    "order_place",
    "order_settle",
    "rating_submit",
]
