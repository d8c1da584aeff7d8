"""Error codes of the ledger (see `core.codes`), and the reason codes a refused claim carries."""

from enum import StrEnum


class Code(StrEnum):
    # budgets
    REGION_INVALID = "region_invalid"
    REGION_OUTSIDE_FUNDER = "region_outside_funder"
    LINE_INVALID = "line_invalid"
    YEAR_INVALID = "year_invalid"
    REFERENCE_REQUIRED = "reference_required"
    NOT_POOL = "not_pool"
    FUNDER_MISMATCH = "funder_mismatch"
    MEMO_REQUIRED = "memo_required"
    BUDGET_NOT_FOUND = "budget_not_found"
    # the transfer engine
    INSUFFICIENT_FUNDS = "insufficient_funds"
    ACCOUNTS_INVALID = "accounts_invalid"
    KEY_INVALID = "key_invalid"
    NOT_PENDING = "not_pending"
    PENDING_RESOLVED = "pending_resolved"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    # claims and caps
    CLAIM_INVALID = "claim_invalid"
    CLAIM_CONFLICT = "claim_conflict"
    CLAIM_NOT_FOUND = "claim_not_found"
    CLAIM_PAID = "claim_paid"
    CLAIM_IN_PAYMENT = "claim_in_payment"
    SHARE_CHANGED = "share_changed"
    SHARE_NOT_PAYABLE = "share_not_payable"
    RECOVER_INVALID = "recover_invalid"
    RECOVER_EXCEEDS = "recover_exceeds"
    CAP_INVALID = "cap_invalid"
    CAP_EXCEEDED = "cap_exceeded"
    CAP_UNDERFLOW = "cap_underflow"
    # payments
    PERIOD_INVALID = "period_invalid"
    NOTHING_TO_PAY = "nothing_to_pay"
    FORMAT_INVALID = "format_invalid"
    BATCH_NOT_EXPORTED = "batch_not_exported"
    BATCH_NOT_FOUND = "batch_not_found"
    LINE_SETTLED = "line_settled"
    RESULT_FILE_INVALID = "result_file_invalid"


class Reason(StrEnum):
    """`Claim.reason_code`: why a claim waits, was refused or was released."""

    INSUFFICIENT_FUNDS = Code.INSUFFICIENT_FUNDS.value
    CAP_EXCEEDED = Code.CAP_EXCEEDED.value
    NO_BUDGET = "no_budget"
    QUEUE_AHEAD = "queue_ahead"
    RELEASED = "released"
