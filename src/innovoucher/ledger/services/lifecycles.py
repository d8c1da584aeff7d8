"""The ledger's `Lifecycle`s: claims, payment batches and payment lines (tables in `states`).

A `finance` move (export a batch, enter a bank result) is authorised here: the actor must be
a finance officer of the paying region. `system` moves are made by the ledger services on
behalf of their caller, who has checked who may act.
"""

from __future__ import annotations

from innovoucher.core.lifecycle import SYSTEM, Lifecycle, Transition
from innovoucher.ledger import permissions, states
from innovoucher.ledger.models import Claim, PaymentBatch, PaymentLine


def _payer_region(obj) -> str:
    return obj.payer_region


def _finance_of_payer(actor, obj, transition: Transition) -> None:
    if transition.by != SYSTEM:
        permissions.require_write(actor, obj.payer_region)


CLAIM = Lifecycle(
    app="ledger",
    entity="claim",
    noun="兑付申请",
    model=Claim,
    statuses=states.ClaimStatus,
    table=states.CLAIM_TRANSITIONS,
    reasons_field=None,
)

BATCH = Lifecycle(
    app="ledger",
    entity="batch",
    noun="支付批次",
    model=PaymentBatch,
    statuses=states.BatchStatus,
    table=states.BATCH_TRANSITIONS,
    region=_payer_region,
    authorize=_finance_of_payer,
    reasons_field=None,
)

LINE = Lifecycle(
    app="ledger",
    entity="line",
    noun="支付明细",
    model=PaymentLine,
    statuses=states.LineStatus,
    table=states.LINE_TRANSITIONS,
    region=_payer_region,
    authorize=_finance_of_payer,
    reasons_field=None,
)
