"""State changes of the security pages: unlocking a locked account (security administrator)
(the audit log's export is a background export: security/exporters.py). One audit event."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction

from innovoucher.accounts.permissions import require_admin
from innovoucher.accounts.roles import Role
from innovoucher.core import audit
from innovoucher.core.errors import NotFound
from innovoucher.security.selectors import lockout_list


def lockout_clear(*, actor, username: str) -> int:
    """Unlock `username` (its failed-login count starts again from zero)."""
    require_admin(actor, Role.SECURITY_ADMIN)
    if not lockout_list(actor=actor).filter(username=username).exists():
        raise NotFound(f"账户“{username}”当前未被锁定")
    with transaction.atomic():
        cleared = axes_reset(username=username)
        audit.record(
            actor=actor,
            action="security.lockout.clear",
            object_type="accounts.user",
            object_id=username,
            data={"username": username, "attempts": cleared},
        )
    return cleared
