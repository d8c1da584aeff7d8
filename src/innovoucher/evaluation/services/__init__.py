"""Evaluation services: every state change of a round, an assessment or an award.

Rounds (officials): `round_open`, `round_recompute`, `round_decide`, `round_reopen`,
`round_publish`. Scores (experts, officials): `assessment_score`. Awards (officials):
`award_approve` (the ledger claim), `award_withdraw`.
"""

from innovoucher.evaluation.services.awards import award_approve, award_withdraw
from innovoucher.evaluation.services.rounds import (
    assessment_score,
    round_decide,
    round_open,
    round_publish,
    round_recompute,
    round_reopen,
)

__all__ = [
    "award_approve",
    "award_withdraw",
    "assessment_score",
    "round_decide",
    "round_open",
    "round_publish",
    "round_recompute",
    "round_reopen",
]
