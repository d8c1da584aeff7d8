"""What waits on the actor in vouchers: vouchers with money left that expire within 30 days."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from innovoucher.core.money import fen_to_yuan_display
from innovoucher.core.web import zh
from innovoucher.notifications.domain import Todo
from innovoucher.vouchers import selectors


def expiring(actor) -> list[Todo]:
    return [
        Todo(
            format_html(_("创新券即将到期：{number}"), number=v.number),
            reverse("vouchers:detail", args=[v.pk]),
            _("创新券"),
            due_on=v.valid_until,
            detail=format_html(
                _("{holder}，可用 {amount}"),
                holder=zh(v.holder.name),
                amount=fen_to_yuan_display(v.remaining_fen),
            )
            if v.remaining_fen is not None
            else zh(v.holder.name),
        )
        for v in selectors.vouchers_expiring(actor=actor)
    ]


TODO_SOURCES = [expiring]
