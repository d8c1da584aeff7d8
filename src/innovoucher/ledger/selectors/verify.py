"""`ledger verify`: the replay of every transfer, done by the database.

The pure replay (`domain.recompute_balances`) holds every transfer and every open reservation in
memory: a national year (34 provinces, 1,000,000 paid redemptions, 3,000,000 transfers) made it
load ~3 million Python objects. Here one SQL statement (SQLite and PostgreSQL alike) computes,
set-based, what that replay computes:

- each post or void is joined to its reservation (an earlier `pending` transfer with a positive
  amount) and judged as the replay judges it, in the same precedence: no such reservation
  (`missing`), the reservation already resolved by an earlier matching post/void (`twice`), other
  accounts or amount (`mismatch`), or `ok`;
- the balance legs of the applied transfers (single and pending ones with a positive amount, and
  the `ok` resolutions) are summed per account with GROUP BY: one row per account, whatever the
  number of transfers;
- the transfers the replay refuses (amount not positive, unknown kind, a bad resolution) come back
  as rows, in id order, and become the replay's problem texts (`domain.problem_text`).

The accounts (a few per budget) are then compared in Python by `domain.compare`, as before, so
the report, its texts and the command's exit codes are unchanged. `test_verify_sql.py` checks that
both paths give the same report on the same rows, tampered ones included.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from innovoucher.ledger import domain
from innovoucher.ledger.models import Account, Transfer

_ACCOUNT_FIELDS = (
    "id",
    *domain.BALANCE_FIELDS,
    "debits_must_not_exceed_credits",
    "credits_must_not_exceed_debits",
)

_SAME = (
    "p.debit_account_id = t.debit_account_id AND p.credit_account_id = t.credit_account_id "
    "AND p.amount_fen = t.amount_fen"
)
# {t}: the transfer table. Rows: ('account', account id, debits_pending, debits_posted,
# credits_pending, credits_posted, transfers counted, -, -) or ('problem', transfer id, amount,
# pending id, -, -, -, kind, verdict).
_VERIFY_SQL = f"""
WITH res AS (
    SELECT t.id, t.kind, t.amount_fen, t.debit_account_id, t.credit_account_id, t.pending_id,
        CASE
            WHEN p.id IS NULL THEN 'missing'
            WHEN MIN(CASE WHEN {_SAME} THEN t.id END) OVER (PARTITION BY t.pending_id) < t.id
                THEN 'twice'
            WHEN {_SAME} THEN 'ok'
            ELSE 'mismatch'
        END AS verdict
    FROM {{t}} t
    LEFT JOIN {{t}} p
        ON p.id = t.pending_id AND p.kind = 'pending' AND p.amount_fen > 0 AND p.id < t.id
    WHERE t.kind IN ('post', 'void') AND t.amount_fen > 0
),
moves AS (
    SELECT kind, amount_fen, debit_account_id, credit_account_id,
        CASE WHEN kind IN ('single', 'pending') THEN 1 ELSE 0 END AS applied
    FROM {{t}} WHERE amount_fen > 0 AND kind NOT IN ('post', 'void')
    UNION ALL
    SELECT kind, amount_fen, debit_account_id, credit_account_id,
        CASE WHEN verdict = 'ok' THEN 1 ELSE 0 END
    FROM res
),
legs AS (
    SELECT CASE WHEN s.side = 1 THEN m.debit_account_id ELSE m.credit_account_id END AS account,
        s.side,
        CASE WHEN m.applied = 0 THEN 0 WHEN m.kind = 'pending' THEN m.amount_fen
            WHEN m.kind IN ('post', 'void') THEN -m.amount_fen ELSE 0 END AS pending_fen,
        CASE WHEN m.applied = 1 AND m.kind IN ('single', 'post') THEN m.amount_fen ELSE 0 END
            AS posted_fen
    FROM moves m, (SELECT 1 AS side UNION ALL SELECT 2) s
)
SELECT 'account', account,
    SUM(CASE WHEN side = 1 THEN pending_fen ELSE 0 END),
    SUM(CASE WHEN side = 1 THEN posted_fen ELSE 0 END),
    SUM(CASE WHEN side = 2 THEN pending_fen ELSE 0 END),
    SUM(CASE WHEN side = 2 THEN posted_fen ELSE 0 END),
    SUM(CASE WHEN side = 1 THEN 1 ELSE 0 END), NULL, NULL
FROM legs GROUP BY account
UNION ALL
SELECT 'problem', id, amount_fen, pending_id, NULL, NULL, NULL, kind,
    CASE WHEN amount_fen <= 0 THEN 'amount' ELSE 'kind' END
FROM {{t}} WHERE amount_fen <= 0 OR kind NOT IN ('single', 'pending', 'post', 'void')
UNION ALL
SELECT 'problem', id, amount_fen, pending_id, NULL, NULL, NULL, kind, verdict
FROM res WHERE verdict <> 'ok'
"""


def recompute_in_database() -> tuple[dict[int, dict[str, int]], list[str], int]:
    """What `domain.recompute_balances` returns for every stored transfer, computed in SQL."""
    sql = _VERIFY_SQL.format(t=connection.ops.quote_name(Transfer._meta.db_table))
    expected: dict[int, dict[str, int]] = {}
    refused: list[tuple[int, str, int, str, int | None]] = []
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for row, key, a, b, c, d, counted, kind, verdict in cursor.fetchall():
            if row == "account":
                expected[key] = dict(
                    zip(domain.BALANCE_FIELDS, map(int, (a, b, c, d)), strict=True)
                )
                count += int(counted)
            else:  # a: amount, b: pending id
                refused.append((key, verdict, int(a), kind, b))
    refused.sort()
    problems = [
        domain.problem_text(verdict, pk, amount_fen=amount, kind=kind, pending_id=pending)
        for pk, verdict, amount, kind, pending in refused
    ]
    # Refused for their amount, these were not counted by the legs (the replay counts them).
    return expected, problems, count + sum(1 for r in refused if r[1] == "amount")


def ledger_verify() -> domain.VerifyReport:
    accounts = (
        domain.AccountRow(*row)
        for row in Account.objects.order_by("id").values_list(*_ACCOUNT_FIELDS).iterator()
    )
    expected, problems, count = recompute_in_database()
    return domain.compare(accounts, expected, problems, count)


def ledger_totals_by_year() -> dict[tuple[int, str], dict[str, int]]:
    """Posted and pending sums per (fiscal year, account purpose), for the verify summary."""
    totals: dict[tuple[int, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(domain.BALANCE_FIELDS, 0)
    )
    rows = Account.objects.values_list("budget__fiscal_year", "purpose", *domain.BALANCE_FIELDS)
    for year, purpose, *values in rows.iterator():
        for name, value in zip(domain.BALANCE_FIELDS, values, strict=True):
            totals[(year, purpose)][name] += value
    return dict(totals)
