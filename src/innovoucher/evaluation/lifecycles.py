"""The lifecycles of evaluation, declared once for the executor (`core.lifecycle`)."""

from __future__ import annotations

from innovoucher.core.lifecycle import Lifecycle
from innovoucher.evaluation import states
from innovoucher.evaluation.models import Award, AwardChange, EvaluationRound, RoundChange
from innovoucher.evaluation.permissions import authorize

ROUND = Lifecycle(
    app="evaluation",
    entity="round",
    noun="评价批次",
    model=EvaluationRound,
    statuses=states.RoundStatus,
    table=states.ROUND_TRANSITIONS,
    change_model=RoundChange,
    change_fk="round",
    authorize=authorize,
    decided_field="decided_at",
)
AWARD = Lifecycle(
    app="evaluation",
    entity="award",
    noun="服务机构奖补",
    model=Award,
    statuses=states.AwardStatus,
    table=states.AWARD_TRANSITIONS,
    change_model=AwardChange,
    change_fk="award",
    authorize=authorize,
    decided_field="decided_at",
)
