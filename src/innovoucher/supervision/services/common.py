"""What the supervision services share: record numbers, the pinned policy's sanction rules."""

from __future__ import annotations

import datetime as dt
import uuid

from innovoucher.core.errors import ValidationFailed
from innovoucher.policies.engine.model import Cited
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.supervision.codes import Code


def new_number(prefix: str, on: dt.date) -> str:
    return f"{prefix}{on:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}"


def sanction_rules(family: str, on: dt.date) -> tuple[str, Cited[dict]]:
    """(version code, the cited `sanctions` parameter) of the policy in force on `on`."""
    row = policy_version_for(family_slug=family, on=on)
    if row is None:
        message = f"政策“{family}”在{on.isoformat()}没有施行中的版本"
        raise ValidationFailed(
            message, code=Code.NO_BAN_IN_POLICY, details={"fields": {"family": [message]}}
        )
    cited = engine_version(row).sanctions
    if cited is None:
        message = f"“{row.family.name}”未规定违规处理"
        raise ValidationFailed(
            message, code=Code.NO_BAN_IN_POLICY, details={"fields": {"family": [message]}}
        )
    return row.code, cited


def required_text(value, field: str, label: str, code: str) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        message = f"请填写{label}"
        raise ValidationFailed(message, code=code, details={"fields": {field: [message]}})
    return text
