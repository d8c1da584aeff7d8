"""Annual caps per applicant / controller group, enforced by conditional updates.

A claim carries its caps as data ([{"key": "applicant:91140100…", "limit_fen": 50000000}]);
the counter grows only through `UPDATE … SET used_fen = used_fen + x WHERE used_fen <=
limit_fen - x`, so two approvals at once can never pass a cap together, and shrinks only
through `… WHERE used_fen >= x`: releasing more than was consumed is refused, never ignored.
`caps_consume` and `caps_release` are sub-steps of the claim services and refuse to run
outside their transaction.
"""

from __future__ import annotations

from django.db.models import F

from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.money import fen_to_yuan_display
from innovoucher.ledger.codes import Code
from innovoucher.ledger.models import CapCounter
from innovoucher.ledger.services._tx import require_outer_transaction


class CapExceeded(Conflict):
    code = Code.CAP_EXCEEDED

    def __init__(self, counter: CapCounter, amount_fen: int):
        self.counter = counter
        left = max(counter.limit_fen - counter.used_fen, 0)
        message = (
            f"超过年度上限：{counter.subject_key} 本年度上限 "
            f"{fen_to_yuan_display(counter.limit_fen)}，"
            f"已用 {fen_to_yuan_display(counter.used_fen)}，剩余 {fen_to_yuan_display(left)}，"
            f"本次需要 {fen_to_yuan_display(amount_fen)}"
        )
        super().__init__(
            message,
            details={
                "subject": counter.subject_key,
                "limit_fen": counter.limit_fen,
                "used_fen": counter.used_fen,
                "remaining_fen": left,
            },
        )


def normalise_caps(caps) -> list[dict]:
    """Validate caps given by the caller into [{"key", "limit_fen"}] sorted by key."""
    result = []
    for cap in caps or ():
        key, limit = (cap.get("key"), cap.get("limit_fen")) if isinstance(cap, dict) else cap
        if not key or not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise ValidationFailed(
                "年度上限须包含对象键和非负的上限金额（分）", code=Code.CAP_INVALID
            )
        result.append({"key": str(key)[:120], "limit_fen": limit})
    return sorted(result, key=lambda c: c["key"])


def _counter(family: str, year: int, cap: dict) -> CapCounter:
    counter, _ = CapCounter.objects.get_or_create(
        family=family,
        fiscal_year=year,
        subject_key=cap["key"],
        defaults={"limit_fen": cap["limit_fen"]},
    )
    if counter.limit_fen != cap["limit_fen"]:
        # A newer policy version may change the cap; never below what is already used.
        CapCounter.objects.filter(pk=counter.pk, used_fen__lte=cap["limit_fen"]).update(
            limit_fen=cap["limit_fen"]
        )
    return counter


def caps_consume(*, family: str, year: int, caps: list[dict], amount_fen: int) -> None:
    """Count `amount_fen` against every cap of a claim being reserved (all or none)."""
    require_outer_transaction("caps_consume")
    for cap in caps:
        # The usual case in one statement: the counter exists with this limit and has room.
        if CapCounter.objects.filter(
            family=family,
            fiscal_year=year,
            subject_key=cap["key"],
            limit_fen=cap["limit_fen"],
            used_fen__lte=F("limit_fen") - amount_fen,
        ).update(used_fen=F("used_fen") + amount_fen):
            continue
        counter = _counter(family, year, cap)
        updated = CapCounter.objects.filter(
            pk=counter.pk, used_fen__lte=F("limit_fen") - amount_fen
        ).update(used_fen=F("used_fen") + amount_fen)
        if updated != 1:
            counter.refresh_from_db()
            raise CapExceeded(counter, amount_fen)


def caps_release(*, family: str, year: int, caps: list[dict], amount_fen: int) -> None:
    """Give back what a released claim consumed; a counter that holds less is refused."""
    require_outer_transaction("caps_release")
    for cap in caps:
        updated = CapCounter.objects.filter(
            family=family, fiscal_year=year, subject_key=cap["key"], used_fen__gte=amount_fen
        ).update(used_fen=F("used_fen") - amount_fen)
        if updated != 1:
            raise Conflict(
                f"年度上限计数“{cap['key']}”（{year}年度）少于要释放的 "
                f"{fen_to_yuan_display(amount_fen)}，账实不符，请核对后再处理",
                code=Code.CAP_UNDERFLOW,
                details={"subject": cap["key"], "fiscal_year": year, "amount_fen": amount_fen},
            )
