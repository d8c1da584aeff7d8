"""What waits on the actor in vouchers: vouchers with money left that expire within 30 days."""

from __future__ import annotations

from django.urls import reverse

from innovoucher.core.money import fen_to_yuan_display
from innovoucher.notifications.domain import Todo
from innovoucher.vouchers import selectors


def expiring(actor) -> list[Todo]:
    return [
        Todo(
            f"创新券即将到期：{v.number}",
            reverse("vouchers:detail", args=[v.pk]),
            "创新券",
            due_on=v.valid_until,
            detail=f"{v.holder.name}，可用 {fen_to_yuan_display(v.remaining_fen)}"
            if v.remaining_fen is not None
            else v.holder.name,
        )
        for v in selectors.vouchers_expiring(actor=actor)
    ]


TODO_SOURCES = [expiring]
