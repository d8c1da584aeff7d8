"""Statuses and the transition table of the two-person removal of an administrator's role
(三员, 双人审批), applied by `core.lifecycle`:

role removal: requested ─confirm─► confirmed (the role is revoked in the same transaction)
              requested ─refuse─► refused (with reasons; the role stays)

The request is made by a security administrator (`services.role_removal_request`); the second
administrator — any of the three, never the requester nor the administrator losing the role —
confirms or refuses.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innovoucher.core.lifecycle import Transition, transitions

ADMIN = "administrator"  # a second administrator (system, security or audit administrator)


class RemovalStatus(models.TextChoices):
    REQUESTED = "requested", _("待确认")
    CONFIRMED = "confirmed", _("已确认撤销")
    REFUSED = "refused", _("已拒绝")


R = RemovalStatus

REMOVAL_TRANSITIONS = transitions(
    Transition("confirm", _("确认撤销"), {R.REQUESTED}, R.CONFIRMED, ADMIN),
    Transition("refuse", _("拒绝撤销"), {R.REQUESTED}, R.REFUSED, ADMIN, needs_reasons=True),
)

TONES = {R.REQUESTED: "warn", R.CONFIRMED: "ok", R.REFUSED: "muted"}
