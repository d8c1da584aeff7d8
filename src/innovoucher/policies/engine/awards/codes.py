"""Every stable code of the provider-award calculation, in one place.

Error codes go to `{"code", "message", "details"}` of the command and the API; reason codes go to
the
result's `reasons`. Callers and tests refer to these constants, never to the strings.
"""

from __future__ import annotations

from innovoucher.core.errors import ValidationFailed

# --- errors (malformed input: CLI exit 2, API 4xx) ----------------------------------------------
INVALID_AWARD_REQUEST = "invalid_award_request"  # a field is missing, unknown or of the wrong type
INVALID_JSON = "invalid_json"  # the body / stdin is not JSON at all (same code as the quote)
UNKNOWN_POLICY = "unknown_policy"  # no such policy family (same code as the quote)

# --- reasons (an answer, never an error) -------------------------------------------------------
NO_VERSION_IN_FORCE = (
    "no_version_in_force"  # no version of the family was in force on 31 December of the year
)
NO_PROVIDER_AWARDS = (
    "no_provider_awards"  # the version has no provider awards at all (Shanxi, Urumqi)
)
# the text sets a ceiling (不超过): the amount is the ceiling, the official may grant less
AWARD_CEILING = "award_ceiling"
AWARD_CAPPED = "award_capped"  # a yearly cap (最高 / 不超过 … 万元) reduced an award or the total
AWARD_GRANTED = "award_granted"  # summary when something is awarded
NO_AWARD = "no_award"  # summary when every award's condition failed or every amount is zero
# An award whose condition fails is reported under the award's own code (e.g.
# `city_provider_subsidy`),
# like an eligibility rule of the quote; a policy note under its own code from the YAML.

VERDICT_FAIL = "fail"  # this award's condition is not met: the award is not granted
VERDICT_RECORD = "record"  # a note: ceiling, cap, evaluation
VERDICT_ELIGIBLE = "eligible"  # the summary of a positive answer


class AwardInputError(ValidationFailed):
    """An award request that cannot be read. The message tells the user what to fix (422)."""

    code = INVALID_AWARD_REQUEST
