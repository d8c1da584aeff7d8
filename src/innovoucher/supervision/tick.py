"""Time-based steps of supervision, run by `innovoucher tick` (each idempotent):

610 sanctions whose last day has passed expire;
620 clawback notices past their deadline are flagged overdue;
630 measures (provider 通报整改, spot-check 限期整改) past their deadline with no report are flagged
    overdue.
The party and the official are told once (notifications keyed by record).
"""

from __future__ import annotations

from innovoucher.supervision.services.clawbacks import clawbacks_flag_overdue
from innovoucher.supervision.services.measures import measures_flag_overdue
from innovoucher.supervision.services.sanctions import sanctions_expire_due

TICK_STEPS = [
    (610, "失信惩戒期满解除", sanctions_expire_due),
    (620, "追回资金逾期提示", clawbacks_flag_overdue),
    (630, "限期整改逾期提示", measures_flag_overdue),
]
