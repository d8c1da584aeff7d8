"""Error codes of orders and standard contracts (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    CLIENT_NOT_VERIFIED = "client_not_verified"
    PROVIDER_NOT_VERIFIED = "provider_not_verified"
    SAME_PARTY = "same_party"
    BOOKING_ALREADY_ORDERED = "booking_already_ordered"
    DELIVERED_ON_INVALID = "delivered_on_invalid"
    NOT_DELIVERED = "not_delivered"
    ALREADY_RATED = "already_rated"
    NO_CHECKOUT_DEDUCTION = "no_checkout_deduction"
    NOT_ELIGIBLE_FOR_DEDUCTION = "not_eligible_for_deduction"
    VOUCHER_EMPTY = "voucher_empty"
    ORDER_CANCELLED = "order_cancelled"
    NO_FAMILY = "no_family"
    CONTRACT_LOCKED = "contract_locked"
    CONTRACT_CHECK_FAILED = "contract_check_failed"
    CONTRACT_REJECTED = "contract_rejected"
    CONTRACT_NOT_FOUND = "contract_not_found"
    SIGNED_CONTRACT_FINAL = "signed_contract_final"
    IDEMPOTENCY_KEY_INVALID = "idempotency_key_invalid"
    ATTACHMENT_NOT_FOUND = "attachment_not_found"
    SERVICE_NOT_FOUND = "service_not_found"
