"""The one hook other apps call before a banned party may act (one line in each service):

    from innovoucher.supervision.guards import refuse_if_banned
    refuse_if_banned(organisation, Scope.VOUCHERS)

It raises PermissionDenied `party_banned` with the article and the last day of the ban in
Chinese. Imports only supervision's selectors (no views, no services), so every app may call it.
"""

from __future__ import annotations

import datetime as dt

from innovoucher.core import clock
from innovoucher.core.errors import PermissionDenied
from innovoucher.supervision.codes import Code
from innovoucher.supervision.domain import cn_date
from innovoucher.supervision.selectors import policy_document, sanction_in_force
from innovoucher.supervision.states import Scope

__all__ = ["Scope", "refuse_if_banned"]


def refuse_if_banned(organisation, scope: str = Scope.VOUCHERS, on: dt.date | None = None) -> None:
    """Refuse when `organisation` is under a sanction in `scope` on `on` (today by default)."""
    if organisation is None or organisation.pk is None:
        return
    sanction = sanction_in_force(organisation, scope, on or clock.today())
    if sanction is None:
        return
    via = ""
    if sanction.derived_from_id:
        via = "（与受惩戒主体存在法定代表人、主要股东或实际控制人关联，同样适用）"
    message = (
        f"{organisation.name}依据{policy_document(sanction.family_slug)}{sanction.article}被取消{Scope(scope).label}资格{via}，"
        f"惩戒期至{cn_date(sanction.ends_on)}"
    )
    raise PermissionDenied(
        message,
        code=Code.PARTY_BANNED,
        details={
            "sanction": sanction.number,
            "article": sanction.article,
            "scope": scope,
            "ends_on": sanction.ends_on.isoformat(),
        },
    )
