"""Error codes of supervision (sanctions, spot checks, clawbacks, complaints)."""

from enum import StrEnum


class Code(StrEnum):
    PARTY_BANNED = "party_banned"
    NO_BAN_IN_POLICY = "no_ban_in_policy"
    SANCTION_INVALID = "sanction_invalid"
    SANCTION_EXISTS = "sanction_exists"
    FRAME_INVALID = "frame_invalid"
    FRAME_EMPTY = "frame_empty"
    SAMPLE_SIZE_INVALID = "sample_size_invalid"
    FINDING_INVALID = "finding_invalid"
    OUTCOME_INVALID = "outcome_invalid"
    CLAWBACK_INVALID = "clawback_invalid"
    COMPLAINT_INVALID = "complaint_invalid"
    NO_COMMITMENT_IN_POLICY = "no_commitment_in_policy"
    COMMITMENT_EXISTS = "commitment_exists"
    CHECK_NOT_FOUND = "check_not_found"
    CLAWBACK_NOT_FOUND = "clawback_not_found"
    COMPLAINT_NOT_FOUND = "complaint_not_found"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_DATE = "invalid_date"
    ORGANISATION_UNKNOWN = "organisation_unknown"
    SAMPLE_NOT_FOUND = "sample_not_found"
    SANCTION_NOT_FOUND = "sanction_not_found"
