"""Error codes of redemptions (see `core.codes`): applications, review, calls, publicity,
objections, approval documents and payment."""

from enum import StrEnum


class Code(StrEnum):
    # applying
    ALREADY_APPLIED = "already_applied"
    CHECK_FAILED = "check_failed"
    CHECK_INPUT = "check_input"
    CLAIMANT_NOT_ALLOWED = "claimant_not_allowed"
    FAMILY_REQUIRED = "family_required"
    INVOICE_REUSED = "invoice_reused"
    NOT_PARTY = "not_party"
    ORDER_NOT_DELIVERED = "order_not_delivered"
    TEAM_VIA_INCUBATOR = "team_via_incubator"
    # who acts
    NOT_CLAIMANT = "not_claimant"
    NOT_PROVIDER = "not_provider"
    NOT_STEP_REVIEWER = "not_step_reviewer"
    NOT_CALL_PUBLISHER = "not_call_publisher"
    NOT_OFFICIAL = "not_official"
    LOGIN_REQUIRED = "login_required"
    # review
    AMOUNT_ABOVE_SUBSIDY = "amount_above_subsidy"
    NO_PENDING_STEP = "no_pending_step"
    REVIEW_LEVEL_UNSUPPORTED = "review_level_unsupported"
    # calls
    CALL_NOT_NEEDED = "call_not_needed"
    CALL_NUMBER_CONFLICT = "call_number_conflict"
    CALL_OVERLAP = "call_overlap"
    # publicity, objections, approval documents
    DECISION_INVALID = "decision_invalid"
    ITEM_CLEARED = "item_cleared"
    NOT_IN_PUBLICITY = "not_in_publicity"
    NUMBER_CONFLICT = "number_conflict"
    OBJECTION_INVALID = "objection_invalid"
    OBJECTION_OPEN = "objection_open"
    PUBLICITY_ENDED = "publicity_ended"
    PUBLICITY_NOT_STARTED = "publicity_not_started"
    # payment
    EARLY_SHARE_PAID = "early_share_paid"
    IN_BANK_PAYMENT = "in_bank_payment"
    NOT_PAID = "not_paid"
    SHARES_INVALID = "shares_invalid"
    # not found
    APPROVAL_NOT_FOUND = "approval_not_found"
    CALL_NOT_FOUND = "call_not_found"
    DOCUMENT_NOT_FOUND = "document_not_found"
    ITEM_NOT_FOUND = "item_not_found"
    OBJECTION_NOT_FOUND = "objection_not_found"
    PUBLICITY_NOT_FOUND = "publicity_not_found"
    REDEMPTION_NOT_FOUND = "redemption_not_found"
    STEP_NOT_FOUND = "step_not_found"
