"""Audit events: written by every service inside its own transaction; sealed into a hash chain."""

from __future__ import annotations

import datetime as dt
import json
import re

from cryptography.hazmat.primitives import hashes
from django.db import transaction

from innovoucher.core import clock
from innovoucher.core.models import AuditEvent

GENESIS = "0" * 64
# Every audit action is `<app>.<entity>.<verb>` (e.g. `redemptions.redemption.approve`).
ACTION_SCHEME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
SEAL_LAG = dt.timedelta(seconds=30)  # leave time for transactions that took an earlier id to commit


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    region_code: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Write one audit event. Call inside the service's transaction so both commit or neither."""
    if not ACTION_SCHEME.fullmatch(action):
        raise ValueError(f"audit action {action!r} is not <app>.<entity>.<verb>")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor, "username", "") if user else (str(actor) if actor else "system")
    return AuditEvent.objects.create(
        at=clock.now(),
        actor=user,
        actor_label=label[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        region_code=region_code or "",
        data=data or {},
    )


def _content(event: AuditEvent) -> bytes:
    payload = {
        "id": event.id,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "region_code": event.region_code,
        "data": event.data,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _sm3(previous: str, content: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(previous.encode() + content)
    return h.finalize().hex()


def audit_seal(*, until: dt.datetime | None = None) -> int:
    """Chain every unsealed event older than `until` (default: now − 30 s). Returns how many."""
    until = until or (clock.now() - SEAL_LAG)
    sealed = 0
    with transaction.atomic():
        last = AuditEvent.objects.exclude(digest="").order_by("-id").only("digest").first()
        previous = last.digest if last else GENESIS
        pending = AuditEvent.objects.filter(digest="", at__lte=until).order_by("id")
        for event in pending.iterator():
            previous = _sm3(previous, _content(event))
            # Compare-and-set: an event sealed concurrently is left as it is.
            sealed += AuditEvent.objects.filter(pk=event.pk, digest="").update(digest=previous)
    return sealed


def audit_verify() -> list[int]:
    """Recompute the chain; return the ids whose digest does not match (empty when intact)."""
    broken: list[int] = []
    previous = GENESIS
    for event in AuditEvent.objects.exclude(digest="").order_by("id").iterator():
        expected = _sm3(previous, _content(event))
        if expected != event.digest:
            broken.append(event.id)
        previous = event.digest
    return broken
