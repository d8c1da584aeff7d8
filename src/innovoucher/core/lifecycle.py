"""The one lifecycle engine: a transition table type and one executor for every status in the
platform.

Every app keeps its own table in its `states.py` (statuses as `TextChoices`, transitions as
`Transition` rows, who may apply each) and declares one `Lifecycle` that names the model, its
status-change model and how the audit action is spelt. Its executor is then a two-line call of
`transition_apply`, which in one transaction:

1. checks the action exists (`unknown_action`), that the kind of actor is the one the table names
   (`permission_denied`; a `system` action is never taken by a person), that reasons are given
   where the table needs them (`reasons_required`, named under ``details.fields.reasons``), and —
   through the lifecycle's `authorize` hook — that *this* actor may act on *this* record in its
   region;
2. moves the status with a compare-and-swap UPDATE (`filter(pk=…, status=source).update(…)`);
   zero rows means someone else moved it first: Conflict `stale_status`;
3. writes the status-change row (`StatusChange` subclass) and the audit event
   (`<app>.<entity>.<action>`), and runs the `after` hook inside the transaction;
4. registers the `notify` hook with `transaction.on_commit`, so nobody is told of a change that
   rolled back.

`transition_apply_many` is the same for one action on many records (a payment batch's lines) at a
fixed number of statements: one compare-and-swap UPDATE per source status, bulk change rows and
audit events (one per record).

Executors that must move more than the status in the same conditional UPDATE (a voucher's
amounts) use `transition_check` and `transition_record` around their own compare-and-swap.

Plain Python apart from the ORM calls of the executor: no app is imported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction

from innovoucher.core import audit, clock
from innovoucher.core.bulk import CHUNK, update_each
from innovoucher.core.codes import Code
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.core.i18n import chinese
from innovoucher.core.refresh import refresh

SYSTEM = "system"  # applied by the services themselves or by the schedule (`innovoucher tick`)

ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Transition:
    """One row of a transition table: `action` moves a record from any of `sources` to `target`,
    applied by an actor of kind `by` (each app names its kinds: claimant, reviewer, system …)."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    by: str
    needs_reasons: bool = False
    # True: the executor lands on the status the record's amounts imply (vouchers); `target` is
    # where a single-use record lands.
    derived: bool = False

    def __post_init__(self) -> None:
        if not ACTION_NAME.match(self.action):
            raise ValueError(f"transition action {self.action!r} must be snake_case")
        object.__setattr__(self, "sources", frozenset(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


def transitions(*rows: Transition) -> dict[str, Transition]:
    """A transition table keyed by action, in the order written; an action appears once."""
    table: dict[str, Transition] = {}
    for row in rows:
        if row.action in table:
            raise ValueError(f"action {row.action!r} appears twice in one transition table")
        table[row.action] = row
    return table


def actions_from(
    table: Mapping[str, Transition], status: str, by: str | Iterable[str] | None = None
) -> list[Transition]:
    """The transitions open from `status`, in table order: to actors of kind `by` (one kind or
    several), or to every person (every kind but `system`) when `by` is None."""
    kinds = {by} if isinstance(by, str) else (set(by) if by is not None else None)
    return [
        t
        for t in table.values()
        if status in t.sources and (t.by in kinds if kinds is not None else t.by != SYSTEM)
    ]


def clean_reasons(reasons: Iterable | None) -> list[str]:
    return [str(r).strip() for r in (reasons or ()) if r is not None and str(r).strip()]


def acting_user(actor):
    """The user to store on change rows: None for the system or an anonymous actor."""
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass(frozen=True)
class Lifecycle:
    """How one model's status moves: its table, its change rows, its audit action names.

    `authorize(actor, obj, transition)` raises PermissionDenied when this actor may not take
    this transition on this record (region scope, staff of the party, reviewer of the step);
    `region(obj)` gives the region code stored on the audit event.
    """

    app: str
    entity: str
    noun: str
    model: type
    statuses: type
    table: Mapping[str, Transition]
    change_model: type | None = None
    change_fk: str = ""
    region: Callable[[object], str] = field(default=lambda obj: getattr(obj, "region_code", ""))
    authorize: Callable[[object, object, Transition], None] | None = None
    reasons_field: str | None = "reasons"
    decided_field: str | None = None
    system_message: str = "由系统自动办理"

    def __post_init__(self) -> None:
        if not (ACTION_NAME.match(self.app) and ACTION_NAME.match(self.entity)):
            raise ValueError("Lifecycle app and entity must be snake_case")
        known = {str(s) for s in self.statuses}
        for t in self.table.values():
            unknown = (t.sources | {t.target}) - known
            if unknown:
                raise ValueError(
                    f"{self.entity}.{t.action} names unknown statuses {sorted(unknown)}"
                )
        _REGISTRY[self.audit_prefix] = self

    @property
    def audit_prefix(self) -> str:
        return f"{self.app}.{self.entity}"

    def audit_action(self, action: str) -> str:
        return f"{self.audit_prefix}.{action}"

    def status_label(self, status: str) -> str:
        try:
            return str(self.statuses(status).label)
        except ValueError:
            return status

    def actions_from(self, status: str, by: str | Iterable[str] | None = None) -> list[Transition]:
        return actions_from(self.table, status, by)


_REGISTRY: dict[str, Lifecycle] = {}


def lifecycles() -> dict[str, Lifecycle]:
    """Every lifecycle declared so far, keyed by `<app>.<entity>` (for docs and tests)."""
    return dict(_REGISTRY)


def transition_check(
    lc: Lifecycle, *, action: str, by: str, reasons=()
) -> tuple[Transition, list[str]]:
    """Validate an action against the table; returns the transition and the cleaned reasons."""
    transition = lc.table.get(action)
    if transition is None:
        message = f"未知的操作“{action}”"
        raise ValidationFailed(
            message,
            code=Code.UNKNOWN_ACTION,
            details={"action": action, "fields": {"action": [message]}},
        )
    if transition.by != by:
        if transition.by == SYSTEM:
            raise PermissionDenied(
                f"“{transition.label}”{lc.system_message}", code=Code.SYSTEM_ONLY
            )
        raise PermissionDenied(f"您不能办理{lc.noun}的“{transition.label}”")
    cleaned = clean_reasons(reasons)
    if transition.needs_reasons and not cleaned:
        message = f"{transition.label}须填写理由"
        raise ValidationFailed(
            message,
            code=Code.REASONS_REQUIRED,
            details={"fields": {"reasons": [f"请填写{transition.label}的理由"]}},
        )
    return transition, cleaned


def _refuse_source(lc: Lifecycle, transition: Transition, action: str, source: str) -> Conflict:
    return Conflict(
        f"该{lc.noun}当前状态为“{lc.status_label(source)}”，不能{transition.label}",
        code=Code.INVALID_TRANSITION,
        details={"status": source, "action": action},
    )


def stale(lc: Lifecycle) -> Conflict:
    return Conflict(f"该{lc.noun}已被他人处理，请刷新页面查看最新状态", code=Code.STALE_STATUS)


def transition_record(
    lc: Lifecycle,
    *,
    actor,
    obj,
    action: str,
    source: str,
    target: str,
    reasons: list[str],
    at=None,
    change: dict | None = None,
    audit_data: dict | None = None,
) -> None:
    """The change row and the audit event of one applied transition (inside the transaction)."""
    at = at or clock.now()
    if lc.change_model is not None:
        lc.change_model.objects.create(
            **{lc.change_fk: obj},
            action=action,
            from_status=source,
            to_status=target,
            reasons=reasons,
            actor=acting_user(actor),
            at=at,
            **(change or {}),
        )
    data = {"from": source, "to": target, "reasons": reasons}
    number = getattr(obj, "number", None)
    if number:
        data["number"] = number
    audit.record(
        actor=actor,
        action=lc.audit_action(action),
        obj=obj,
        region_code=lc.region(obj) or "",
        data={**data, **(audit_data or {})},
    )


@chinese  # the hooks store notification texts built from labels: always Chinese
def transition_apply(
    lc: Lifecycle,
    *,
    actor,
    obj,
    action: str,
    by: str,
    reasons=(),
    values: dict | None = None,
    change: dict | None = None,
    audit_data: dict | None = None,
    after: Callable[[object], object] | None = None,
    notify: Callable[[object], object] | None = None,
):
    """Apply `action` to `obj` as an actor of kind `by`; see the module docstring.

    `values` are further fields written in the same compare-and-swap UPDATE; `change` extra
    fields of the change row; `audit_data` extra data of the audit event. Returns `obj` refreshed.
    """
    transition, reasons = transition_check(lc, action=action, by=by, reasons=reasons)
    if lc.authorize is not None:
        lc.authorize(actor, obj, transition)
    source = obj.status
    if source not in transition.sources:
        raise _refuse_source(lc, transition, action, source)
    now = clock.now()
    update = {"status": transition.target}
    if lc.decided_field:
        update[lc.decided_field] = now
    if reasons and lc.reasons_field:
        update[lc.reasons_field] = reasons
    update.update(values or {})
    with transaction.atomic():
        if not lc.model.objects.filter(pk=obj.pk, status=source).update(**update):
            raise stale(lc)
        refresh(obj)  # the rows it points to stay cached: no re-read of each relation
        transition_record(
            lc,
            actor=actor,
            obj=obj,
            action=action,
            source=source,
            target=transition.target,
            reasons=reasons,
            at=now,
            change=change,
            audit_data=audit_data,
        )
        if after is not None:
            after(obj)
        if notify is not None:
            transaction.on_commit(lambda: chinese(notify)(obj))
    return obj


def transition_apply_many(
    lc: Lifecycle,
    *,
    actor,
    objs,
    action: str,
    by: str,
    values: dict | None = None,
    each: Mapping[int, dict] | None = None,
    audit_data: Callable[[object], dict] | None = None,
) -> list:
    """`transition_apply` of one action to many records at a fixed number of statements (a
    payment batch's lines): the table is checked once; `authorize` once per region of the
    records (a bulk move is one actor's, on records of one or a few regions); one
    compare-and-swap UPDATE per source status (`core.bulk.CHUNK` rows a statement), which must
    move every record or none — a record moved meanwhile is `stale_status` and the transaction
    rolls back; the change rows and the audit events (one per record, as `transition_apply`
    writes them) inserted in bulk. `values` are written on every record, `each[pk]` on that
    record only, `audit_data(obj)` extra data of its event. Returns the records, moved in memory
    (status and values)."""
    objs = list(objs)
    if not objs:
        return objs
    transition, reasons = transition_check(lc, action=action, by=by)
    if lc.authorize is not None:
        seen: set[str] = set()
        for obj in objs:
            region = lc.region(obj) or ""
            if region not in seen:
                seen.add(region)
                lc.authorize(actor, obj, transition)
    for obj in objs:
        if obj.status not in transition.sources:
            raise _refuse_source(lc, transition, action, obj.status)
    now = clock.now()
    common = {"status": transition.target}
    if lc.decided_field:
        common[lc.decided_field] = now
    common.update(values or {})
    each = each or {}
    sources: dict[str, list] = {}
    for obj in objs:
        sources.setdefault(obj.status, []).append(obj)
    with transaction.atomic():
        for source, group in sources.items():
            rows = {obj.pk: each.get(obj.pk, {}) for obj in group}
            moved = update_each(lc.model, rows, where={"status": source}, common=common)
            if moved != len(group):
                raise stale(lc)
        if lc.change_model is not None:
            lc.change_model.objects.bulk_create(
                [
                    lc.change_model(
                        **{lc.change_fk: obj},
                        action=action,
                        from_status=obj.status,
                        to_status=transition.target,
                        reasons=reasons,
                        actor=acting_user(actor),
                        at=now,
                    )
                    for obj in objs
                ],
                batch_size=CHUNK,
            )
        items = []
        for obj in objs:
            data = {"from": obj.status, "to": transition.target, "reasons": reasons}
            number = getattr(obj, "number", None)
            if number:
                data["number"] = number
            items.append(
                (obj, lc.region(obj) or "", {**data, **(audit_data(obj) if audit_data else {})})
            )
        audit.record_many(actor=actor, action=lc.audit_action(action), items=items)
        for obj in objs:
            for name, value in {**common, **each.get(obj.pk, {})}.items():
                setattr(obj, name, value)
    return objs


def require_source(lc: Lifecycle, transition: Transition, action: str, source: str) -> None:
    """For executors with their own compare-and-swap: refuse a source the table does not allow."""
    if source not in transition.sources:
        raise _refuse_source(lc, transition, action, source)
