"""Time-based steps of supervision, run by `innovoucher tick` (each idempotent):

610 sanctions whose last day has passed expire;
620 clawback notices past their deadline are flagged overdue.
"""

from __future__ import annotations

from innovoucher.supervision.services.clawbacks import clawbacks_flag_overdue
from innovoucher.supervision.services.sanctions import sanctions_expire_due

TICK_STEPS = [
    (610, "失信惩戒期满解除", sanctions_expire_due),
    (620, "追回资金逾期提示", clawbacks_flag_overdue),
]
