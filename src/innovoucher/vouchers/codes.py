"""Error codes of vouchers (see `core.codes`)."""

from enum import StrEnum


class Code(StrEnum):
    VOUCHER_NOT_FOUND = "voucher_not_found"
    VOUCHER_NO_FACE = "voucher_no_face"
    VOUCHER_INSUFFICIENT = "voucher_insufficient"
    USE_WITHOUT_PURPOSE = "use_without_purpose"
    HOLDER_NOT_VERIFIED = "holder_not_verified"
    HOLDER_KIND_NOT_SUPPORTED = "holder_kind_not_supported"
    HOLDER_OUT_OF_REGION = "holder_out_of_region"
    NO_YEARLY_CAP = "no_yearly_cap"
    YEARLY_CAP_REACHED = "yearly_cap_reached"
    NOT_CLAIMABLE = "not_claimable"
    ALREADY_CLAIMED = "already_claimed"
    CONTRACT_NOT_ELIGIBLE = "contract_not_eligible"
    NOT_AUTOMATIC = "not_automatic"
    NOT_MEMBERSHIP = "not_membership"
    NOT_ISSUABLE = "not_issuable"
    QUOTE_INPUT = "quote_input"
