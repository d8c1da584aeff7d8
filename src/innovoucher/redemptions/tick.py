"""Time-based steps of the redemption lifecycle, run by `innovoucher tick` in this order:

  310 publicity lists whose period is over close (items cleared → approved);
  320 approval documents (批复) are issued for closed lists and for yesterday's approvals
      without publicity, and the money of the approved redemptions is reserved;
  330 redemptions follow the ledger (queued → payable when money arrived, payable → paid
      after the bank confirmed the payment; vouchers marked redeemed);
  335 applications waiting for the return of an early payment that the bank reported failed are
      closed as rejected with nothing to return (`recovery.recovery_follow_all`);
  340 review steps past their time limit are flagged (`review.review_flag_overdue`).

Every step is idempotent: running tick twice changes nothing more.
"""

from __future__ import annotations

from innovoucher.redemptions.services.approval import approval_issue_due
from innovoucher.redemptions.services.payment import payment_sync_all
from innovoucher.redemptions.services.publicity import publicity_close_due
from innovoucher.redemptions.services.recovery import recovery_follow_all
from innovoucher.redemptions.services.review import review_flag_overdue


def _flag_overdue(moment) -> int:
    return review_flag_overdue(now=moment) or 0


TICK_STEPS = [
    (310, "兑付公示期满处理", publicity_close_due),
    (320, "兑付批复下达与资金预留", approval_issue_due),
    (330, "兑付资金状态同步（排队、拨付）", payment_sync_all),
    (335, "先行拨付支付失败的待追回申请办结", recovery_follow_all),
    (340, "兑付审核逾期提示", _flag_overdue),
]
