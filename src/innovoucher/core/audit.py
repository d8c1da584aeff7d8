"""Audit events: written by every service inside its own transaction; sealed into a keyed chain.

The chain is HMAC-SM3 with a key kept outside the database (`INNOVOUCHER_AUDIT_KEY`, hex, or a
file `var/audit_key` separate from the PII key), so someone with database access alone cannot
recompute digests after editing rows. Events are sealed strictly in id order; each seal appends
an anchor (sealed count + head id + head digest) to an append-only file outside the database
(`settings.AUDIT_ANCHOR_PATH`), which `audit_verify_anchors` checks, so deleting the last rows
or recomputing the chain is detected too.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import re
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from django.conf import settings
from django.db import transaction

from innovoucher.core import clock
from innovoucher.core.bulk import CHUNK
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


def record_many(*, actor, action: str, items) -> int:
    """Write one audit event per `(obj, region_code, data)` of `items`, all with the same actor and
    action, in bulk (a payment batch's lines: one INSERT per `core.bulk.CHUNK` events, ids in
    the order given, so the chain seals them in that order). Returns how many were written."""
    if not ACTION_SCHEME.fullmatch(action):
        raise ValueError(f"audit action {action!r} is not <app>.<entity>.<verb>")
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(actor, "username", "") if user else (str(actor) if actor else "system")
    at = clock.now()
    events = [
        AuditEvent(
            at=at,
            actor=user,
            actor_label=label[:150],
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            region_code=region_code or "",
            data=data or {},
        )
        for obj, region_code, data in items
    ]
    AuditEvent.objects.bulk_create(events, batch_size=CHUNK)
    return len(events)


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


AUDIT_KEY_ENV = "INNOVOUCHER_AUDIT_KEY"


def audit_key() -> bytes:
    """The chain key: `INNOVOUCHER_AUDIT_KEY` (hex) or `var/audit_key`, generated once (0600)."""
    value = os.environ.get(AUDIT_KEY_ENV, "").strip()
    if value:
        return bytes.fromhex(value)
    path = Path(getattr(settings, "AUDIT_KEY_PATH", settings.VAR_DIR / "audit_key"))
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return bytes.fromhex(path.read_text().strip())


def anchor_path() -> Path:
    return Path(getattr(settings, "AUDIT_ANCHOR_PATH", settings.VAR_DIR / "audit_anchors.log"))


def _sm3(previous: str, content: bytes) -> str:
    """HMAC-SM3(key, previous digest ‖ canonical content)."""
    mac = crypto_hmac.HMAC(audit_key(), hashes.SM3())
    mac.update(previous.encode() + content)
    return mac.finalize().hex()


def _anchor_write(*, count: int, head_id: int, head: str) -> None:
    line = json.dumps({"count": count, "head_id": head_id, "head": head}, sort_keys=True)
    with open(anchor_path(), "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def audit_seal(*, until: dt.datetime | None = None) -> int:
    """Chain, strictly in id order, the unsealed events after the head up to the first one newer
    than `until` (default: now − 30 s), then append an anchor. Returns how many were sealed."""
    until = until or (clock.now() - SEAL_LAG)
    sealed = 0
    with transaction.atomic():
        last = AuditEvent.objects.exclude(digest="").order_by("-id").only("id", "digest").first()
        previous = last.digest if last else GENESIS
        head_id = last.id if last else 0
        pending = AuditEvent.objects.filter(digest="", id__gt=head_id).order_by("id")
        for event in pending.iterator():
            if event.at > until:
                break  # never skip ahead: a later event waits until this one can be sealed
            previous = _sm3(previous, _content(event))
            # Compare-and-set: if another seal ran concurrently, stop (it moved the head).
            if not AuditEvent.objects.filter(pk=event.pk, digest="").update(digest=previous):
                break
            sealed += 1
            head_id = event.id
        if sealed:
            count = AuditEvent.objects.exclude(digest="").filter(id__lte=head_id).count()
            transaction.on_commit(
                lambda: _anchor_write(count=count, head_id=head_id, head=previous)
            )
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


def audit_verify_anchors() -> list[str]:
    """Check every anchor against the table: the head event still carries the head digest and
    exactly `count` sealed events reach up to it. Returns the problems (empty when intact)."""
    path = anchor_path()
    if not path.exists():
        return []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = json.loads(line)
            count, head_id, head = int(anchor["count"]), int(anchor["head_id"]), anchor["head"]
        except (ValueError, KeyError, TypeError):
            problems.append(f"锚点第{number}行无法解析")
            continue
        event = AuditEvent.objects.filter(pk=head_id).only("digest").first()
        if event is None:
            problems.append(f"锚点第{number}行：事件 #{head_id} 已不存在")
        elif not hmac.compare_digest(event.digest, head):
            problems.append(f"锚点第{number}行：事件 #{head_id} 的摘要与锚点不符")
        actual = AuditEvent.objects.exclude(digest="").filter(id__lte=head_id).count()
        if actual != count:
            problems.append(f"锚点第{number}行：应有 {count} 条已封存事件，实有 {actual} 条")
    return problems
