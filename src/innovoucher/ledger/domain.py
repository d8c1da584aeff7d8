"""Pure ledger rules: balance recomputation (verify), forecasting, burn-down, funder resolution.

No Django import (checked by import-linter): everything here is plain data in, plain data out,
tested without a database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from innovoucher.regions.domain import region_prefix, region_within

BALANCE_FIELDS = ("debits_pending", "debits_posted", "credits_pending", "credits_posted")


# --- verify -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    id: int
    debits_pending: int
    debits_posted: int
    credits_pending: int
    credits_posted: int
    debits_must_not_exceed_credits: bool = False
    credits_must_not_exceed_debits: bool = False


@dataclass(frozen=True)
class TransferRow:
    id: int
    debit_account_id: int
    credit_account_id: int
    amount_fen: int
    kind: str
    pending_id: int | None = None


@dataclass(frozen=True)
class Difference:
    account_id: int
    field: str
    stored: int
    expected: int


@dataclass
class VerifyReport:
    accounts: int = 0
    transfers: int = 0
    differences: list[Difference] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.differences and not self.problems


def recompute_balances(
    transfers: Iterable[TransferRow],
) -> tuple[dict[int, dict[str, int]], list[str], int]:
    """Replay transfers in id order; return balances per account, problems, transfer count."""
    balances: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(BALANCE_FIELDS, 0))
    pendings: dict[int, TransferRow] = {}
    resolved: set[int] = set()
    problems: list[str] = []
    count = 0
    for t in sorted(transfers, key=lambda row: row.id):
        count += 1
        problems.extend(_apply(balances, pendings, resolved, t))
    return balances, problems, count


def problem_text(verdict: str, transfer_id: int, *, amount_fen=0, kind="", pending_id=None):
    """The words for a transfer the replay refuses to apply (the same in both verify paths)."""
    return {
        "amount": f"转账 #{transfer_id} 金额不为正：{amount_fen}",
        "kind": f"转账 #{transfer_id} 类型未知：{kind}",
        "missing": f"转账 #{transfer_id} 指向的预留 #{pending_id} 不存在或不是预留",
        "twice": f"预留 #{pending_id} 被重复处理（转账 #{transfer_id}）",
        "mismatch": f"转账 #{transfer_id} 的账户或金额与预留 #{pending_id} 不一致",
    }[verdict]


def _apply(balances, pendings, resolved, t: TransferRow) -> list[str]:
    if t.amount_fen <= 0:
        return [problem_text("amount", t.id, amount_fen=t.amount_fen)]
    debit, credit = balances[t.debit_account_id], balances[t.credit_account_id]
    if t.kind == "single":
        debit["debits_posted"] += t.amount_fen
        credit["credits_posted"] += t.amount_fen
    elif t.kind == "pending":
        pendings[t.id] = t
        debit["debits_pending"] += t.amount_fen
        credit["credits_pending"] += t.amount_fen
    elif t.kind in ("post", "void"):
        return _resolve(balances, pendings, resolved, t)
    else:
        return [problem_text("kind", t.id, kind=t.kind)]
    return []


def _resolve(balances, pendings, resolved, t: TransferRow) -> list[str]:
    pending = pendings.get(t.pending_id or -1)
    if pending is None:
        return [problem_text("missing", t.id, pending_id=t.pending_id)]
    if t.pending_id in resolved:
        return [problem_text("twice", t.id, pending_id=t.pending_id)]
    same = (t.debit_account_id, t.credit_account_id, t.amount_fen) == (
        pending.debit_account_id,
        pending.credit_account_id,
        pending.amount_fen,
    )
    if not same:
        return [problem_text("mismatch", t.id, pending_id=pending.id)]
    resolved.add(pending.id)
    debit, credit = balances[t.debit_account_id], balances[t.credit_account_id]
    debit["debits_pending"] -= t.amount_fen
    credit["credits_pending"] -= t.amount_fen
    if t.kind == "post":
        debit["debits_posted"] += t.amount_fen
        credit["credits_posted"] += t.amount_fen
    return []


def verify(accounts: Iterable[AccountRow], transfers: Iterable[TransferRow]) -> VerifyReport:
    """Recompute every balance from the transfers and compare with the stored balances."""
    expected, problems, count = recompute_balances(transfers)
    return compare(accounts, expected, problems, count)


def compare(
    accounts: Iterable[AccountRow],
    expected: dict[int, dict[str, int]],
    problems: list[str],
    transfers: int,
) -> VerifyReport:
    """The report for stored `accounts` against `expected` balances (recomputed by the replay
    above, or by the database in `selectors.ledger_verify`): every difference, limit flag and
    imbalance, after the `problems` of the transfers themselves."""
    report = VerifyReport(transfers=transfers, problems=list(problems))
    totals = dict.fromkeys(BALANCE_FIELDS, 0)
    seen: set[int] = set()
    for account in accounts:
        seen.add(account.id)
        report.accounts += 1
        for name in BALANCE_FIELDS:
            stored, want = getattr(account, name), expected.get(account.id, {}).get(name, 0)
            totals[name] += stored
            if stored != want:
                report.differences.append(Difference(account.id, name, stored, want))
        report.problems.extend(_limit_problems(account))
    report.problems.extend(f"转账引用了不存在的账户 #{a}" for a in sorted(set(expected) - seen))
    report.problems.extend(_balance_problems(totals))
    report.totals = totals
    return report


def _limit_problems(a: AccountRow) -> list[str]:
    problems = [f"账户 #{a.id} 的 {name} 为负数" for name in BALANCE_FIELDS if getattr(a, name) < 0]
    if a.debits_must_not_exceed_credits and a.debits_pending + a.debits_posted > a.credits_posted:
        problems.append(
            f"账户 #{a.id} 透支：借方 {a.debits_pending + a.debits_posted} 分 > 贷方 "
            f"{a.credits_posted} 分"
        )
    if a.credits_must_not_exceed_debits and a.credits_pending + a.credits_posted > a.debits_posted:
        problems.append(f"账户 #{a.id} 贷方超过借方")
    return problems


def _balance_problems(totals: dict[str, int]) -> list[str]:
    problems = []
    if totals["debits_posted"] != totals["credits_posted"]:
        problems.append(
            f"借贷不平（已过账）：借方 {totals['debits_posted']} 分，贷方 "
            f"{totals['credits_posted']} 分"
        )
    if totals["debits_pending"] != totals["credits_pending"]:
        problems.append(
            f"借贷不平（待定）：借方 {totals['debits_pending']} 分，贷方 "
            f"{totals['credits_pending']} 分"
        )
    return problems


# --- funders ------------------------------------------------------------------------------


def funder_region_for(level: str, region_code: str) -> str:
    """The region whose money a share of `level` is, for an applicant in `region_code`."""
    if level == "province":
        return region_code[:2] + "0000"
    if level == "city":
        return region_code[:4] + "00"
    return region_code


def best_holder(region_code: str, holders: Iterable[str]) -> str | None:
    """The most specific holder region containing `region_code` (a city before its province)."""
    inside = [h for h in holders if region_within(region_code, h)]
    return max(inside, key=lambda h: len(region_prefix(h)), default=None)


# --- forecasting and burn-down ------------------------------------------------------------


@dataclass(frozen=True)
class BudgetEvent:
    """A movement seen from one budget's available money.

    kind: "in" (money arrives), "out" (allocated onward / carried over: not spending),
    "spend" (reserved for a claim) or "release" (a reservation given back).
    """

    on: dt.date
    kind: str
    amount_fen: int


@dataclass(frozen=True)
class BurnPoint:
    on: dt.date
    budget_fen: int
    spent_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.spent_fen


@dataclass(frozen=True)
class Forecast:
    as_of: dt.date
    spent_fen: int
    remaining_fen: int
    per_day_fen: int
    run_out_on: dt.date | None
    exhausted: bool
    basis_days: int = 0

    def remaining_on(self, day: dt.date) -> int:
        """Projected remaining money on `day` at the same rate (never below zero)."""
        if self.basis_days <= 0 or day <= self.as_of:
            return max(self.remaining_fen, 0)
        return max(
            self.remaining_fen - self.spent_fen * (day - self.as_of).days // self.basis_days, 0
        )


def burn_down(events: Iterable[BudgetEvent]) -> list[BurnPoint]:
    """Cumulative budget and spending at the end of each day that had a movement."""
    by_day: dict[dt.date, list[BudgetEvent]] = defaultdict(list)
    for event in events:
        by_day[event.on].append(event)
    points, budget, spent = [], 0, 0
    for day in sorted(by_day):
        for e in by_day[day]:
            budget += {"in": e.amount_fen, "out": -e.amount_fen}.get(e.kind, 0)
            spent += {"spend": e.amount_fen, "release": -e.amount_fen}.get(e.kind, 0)
        points.append(BurnPoint(day, budget, spent))
    return points


def forecast(points: list[BurnPoint], *, as_of: dt.date) -> Forecast:
    """When the money runs out if spending goes on at the average daily rate so far.

    The rate is spending since the first day the budget had money, divided by the days
    elapsed (both days included); integer fen, rounded up to whole days. No spending: no date.
    """
    past = [p for p in points if p.on <= as_of]
    if not past:
        return Forecast(as_of, 0, 0, 0, None, False)
    last, start = past[-1], next((p.on for p in past if p.budget_fen > 0), past[0].on)
    remaining, spent = last.remaining_fen, last.spent_fen
    if remaining <= 0:
        return Forecast(as_of, spent, remaining, 0, as_of, True)
    days = (as_of - start).days + 1
    if spent <= 0:
        return Forecast(as_of, spent, remaining, 0, None, False)
    days_left = -(-remaining * days // spent)
    return Forecast(
        as_of, spent, remaining, spent // days, as_of + dt.timedelta(days=days_left), False, days
    )


# --- payments -----------------------------------------------------------------------------

_PAID = {"paid", "success", "ok", "成功", "已支付", "支付成功", "已到账"}
_FAILED = {"failed", "fail", "failure", "失败", "支付失败", "退票", "退回"}
_PERIODS = {
    "monthly": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "quarterly": re.compile(r"^\d{4}-Q[1-4]$"),
}


def parse_result_status(text: str) -> str | None:
    """A bank file's result column as "paid" / "failed", or None when unrecognised."""
    word = (text or "").strip().lower()
    if word in _PAID:
        return "paid"
    return "failed" if word in _FAILED else None


def period_problem(cadence: str, period: str) -> str | None:
    """Why `period` does not fit `cadence` (None when it fits)."""
    pattern = _PERIODS.get(cadence)
    if pattern is not None and not pattern.match(period):
        example = "2026-05" if cadence == "monthly" else "2026-Q2"
        return f"期间格式应为 {example}"
    if not period.strip():
        return "请填写期间或支付通知文号"
    return None
