"""Error codes of evaluation (rounds, scoring, awards)."""

from enum import StrEnum


class Code(StrEnum):
    ROUND_INVALID = "round_invalid"
    ROUND_EXISTS = "round_exists"
    ROUND_NOT_FOUND = "round_not_found"
    ROUND_NOT_OPEN = "round_not_open"
    ASSESSMENT_NOT_FOUND = "assessment_not_found"
    SCORE_INVALID = "score_invalid"
    AWARD_NOT_FOUND = "award_not_found"
    NO_AWARDS_IN_POLICY = "no_awards_in_policy"
    EXPORT_INVALID = "export_invalid"
