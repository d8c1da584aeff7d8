"""Child of `benchmarks/suite.py --only national`: a simulated national year on one PostgreSQL —
34 provincial budgets, N paid redemptions with their whole ledger footprint — and what
`innovoucher ledger verify` costs over it, with the size on disk of every ledger table.

Built the way `stats_volume.py` builds its volume. Through the services: one Ningxia world (its
province, city and county budgets), one redemption reserved on approval, put in a monthly payment
batch, exported, paid by the bank's result file and marked paid by the tick; the voucher budget of
each of the 34 provincial-level divisions of GB/T 2260 (the 31 of the regions table plus 710000,
810000, 820000) opened and appropriated by that province's finance officer. Then, with
``INSERT … SELECT`` over ``generate_series`` (no Python per row), the template's rows are copied N
times, spread over the 34 provinces and over the days of the fiscal year: N/20 firms, N orders,
N paid redemptions, and the ledger rows the services wrote for the template — per redemption one
claim, one province share, three transfers (the reservation ``pending`` at approval, its ``post``
at the monthly export, the ``pay`` on the bank's confirmation), one payment line and the five audit
events the payment writes; per province and month one reconciled batch (with its four audit
events); per firm one annual-cap counter. Explicit ids keep every link (share → reservation,
post → pending, line → batch) without a join. The stored balances of the 34 × 3 touched accounts
are then raised by the sums of the copied *shares* (not of the transfers), so verify checks the
copy rather than repeating it; ANALYZE.

Measured: `innovoucher ledger verify` (the command, exit 0 required), first run and best of
`repeat`; the same report by the former pure-Python replay (every transfer loaded, as the
selector did before it recomputed in SQL) with the growth of the process's peak memory (ru_maxrss:
meaningful once the replay outgrows the setup's peak, i.e. at large N); rows,
`pg_total_relation_size`, `pg_relation_size` and `pg_indexes_size` per table (and each index of
``ledger_transfer``), and `pg_database_size`. Prints one line ``RESULT {json}``.

Run: DATABASE_URL=postgres://… python benchmarks/national_volume.py N REPEAT
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import resource
import sys
import time
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from innovoucher.accounts.roles import Role  # noqa: E402
from innovoucher.core import clock  # noqa: E402
from innovoucher.core.models import AuditEvent  # noqa: E402
from innovoucher.ledger import domain  # noqa: E402
from innovoucher.ledger import services as ledger  # noqa: E402
from innovoucher.ledger.models import (  # noqa: E402
    Account,
    Budget,
    CapCounter,
    Claim,
    ClaimShare,
    PaymentBatch,
    PaymentLine,
    Transfer,
)
from innovoucher.ledger.selectors import ledger_verify  # noqa: E402
from innovoucher.ledger.tests.helpers import result_csv  # noqa: E402
from innovoucher.orders.models import Order  # noqa: E402
from innovoucher.redemptions.models import Redemption  # noqa: E402
from innovoucher.redemptions.tests.publicity_support import (  # noqa: E402
    pass_review,
    redemption_in_review,
    tick,
)
from innovoucher.registry.models import Organisation  # noqa: E402
from testsupport import make_user  # noqa: E402
from testsupport.world import START, build_world  # noqa: E402

FAMILY = "ningxia"  # the template's policy, reused by every province (one province share)
YEAR = 2026
FIRM_REDEMPTIONS = 20
CAP_FEN = 20_000_000  # Ningxia's annual cap per applicant: 20 claims of at most 1,000,000 fen
MAX_SUBSIDY_FEN = 1_000_000
GBT2260 = Path(__file__).resolve().parent.parent / ("src/innovoucher/regions/data/gbt2260.csv")
# Provincial-level divisions of GB/T 2260 missing from the regions table (no voucher scheme).
OUTSIDE_TABLE = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}
LEDGER_TABLES = [
    m._meta.db_table
    for m in (Transfer, Account, Budget, Claim, ClaimShare, PaymentLine, PaymentBatch, CapCounter)
]
OTHER_TABLES = [m._meta.db_table for m in (AuditEvent, Redemption, Order, Organisation)]


def provinces() -> list[tuple[str, str, str]]:
    """(province code, name, one county of it) for the 34 provincial-level divisions."""
    rows = list(csv.DictReader(GBT2260.open(encoding="utf-8")))
    out = []
    for row in rows:
        if row["level"] == "province":
            county = next(
                r["code"]
                for r in rows
                if r["level"] == "county" and r["code"][:2] == row["code"][:2]
            )
            out.append((row["code"], row["name"], county))
    out += [(code, name, code) for code, name in OUTSIDE_TABLE.items()]
    assert len(out) == 34, len(out)
    return out


def sql_array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def copy_rows(model_cls, template_pk: int, source: str, overrides: dict) -> int:
    """Every column of the template row `t`, some replaced by expressions of the driving rows."""
    cols = [f.column for f in model_cls._meta.concrete_fields]
    cols = [c for c in cols if c != "id" or "id" in overrides]
    exprs = [overrides.get(c, f't."{c}"') for c in cols]
    table = model_cls._meta.db_table
    names = ", ".join(f'"{c}"' for c in cols)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} '
            f'FROM "{table}" t, {source} WHERE t.id = %s',
            [template_pk],
        )
        print(
            f"  {table}: {cur.rowcount} rows in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )
        return cur.rowcount


def scalar(query: str, params=()):
    with connection.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchone()[0]


def top_id(model_cls) -> int:
    return scalar(f'SELECT coalesce(max(id), 0) FROM "{model_cls._meta.db_table}"')


def template() -> dict:
    """The world and one redemption paid through the services; returns the rows to copy."""
    with clock.frozen_now(START[FAMILY]):
        world = build_world(FAMILY)
        r = pass_review(world, redemption_in_review(world, subsidy_fen=500_000))
        officer = world.finance["province"]
        batch = ledger.batch_create(
            actor=officer, payer_region="640000", cadence="per_notice", period="模板"
        )
        ledger.batch_export(actor=officer, batch=batch)
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
        )
    tick(START[FAMILY] + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == "paid", r.status
    claim = Claim.objects.get(reference=r.claim_reference)
    share = claim.shares.get()
    line = claim.payment_lines.get()
    reserve, post, pay = (
        Transfer.objects.get(pk=share.pending_transfer_id),
        Transfer.objects.get(pending_id=share.pending_transfer_id),
        Transfer.objects.get(key=f"pay:{share.pk}"),
    )
    audit = {
        (e.action, e.object_type): e.pk
        for e in AuditEvent.objects.filter(
            action__in=[
                "ledger.claim.reserve",
                "ledger.claim.pay",
                "ledger.line.export",
                "ledger.line.pay",
                "registry.pii.reveal",
                "ledger.batch.create",
                "ledger.batch.export",
                "ledger.batch.reveal",
                "ledger.batch.reconcile",
            ]
        )
    }
    return {
        "world": world,
        "redemption": r,
        "claim": claim,
        "share": share,
        "line": line,
        "batch": batch,
        "transfers": (reserve, post, pay),
        "cap": CapCounter.objects.get(family=FAMILY, fiscal_year=YEAR),
        "audit": audit,
    }


def open_budgets(places, n: int) -> tuple[list[int], dict[str, list[int]], list]:
    """Each province's voucher budget, opened and appropriated by its own finance officer."""
    per_province = -(-n // len(places))
    amount = (per_province + 1) * MAX_SUBSIDY_FEN  # room for every claim even at the maximum
    budgets, officers = [], []
    with clock.frozen_now(dt.date(YEAR, 1, 4)):
        for code, name, _ in places:
            officer = make_user(f"bench-fin-{code}", Role.FINANCE_OFFICER, code)
            budget = ledger.budget_open(
                actor=officer,
                funder_region=code,
                fiscal_year=YEAR,
                name=f"{name}省级资金" if code in OUTSIDE_TABLE else "",
            )
            ledger.budget_appropriate(
                actor=officer, budget=budget, amount_fen=amount, reference=f"全国模拟-{code}-{YEAR}"
            )
            budgets.append(budget.pk)
            officers.append(officer)
    accounts = {
        purpose: [Account.objects.get(budget_id=b, purpose=purpose).pk for b in budgets]
        for purpose in ("available", "payable", "paid")
    }
    return budgets, accounts, officers


def load(n: int) -> tuple[dict, float]:
    tpl = template()
    places = provinces()
    budgets, accounts, officers = open_budgets(places, n)
    world, r, claim, share, line, batch = (
        tpl[k] for k in ("world", "redemption", "claim", "share", "line", "batch")
    )
    reserve, post, pay = tpl["transfers"]
    firms = len(places) * -(-n // (FIRM_REDEMPTIONS * len(places)))  # a multiple of 34
    base = {
        m: top_id(m)
        for m in (
            Organisation,
            Order,
            Redemption,
            Claim,
            ClaimShare,
            Transfer,
            PaymentLine,
            PaymentBatch,
        )
    }
    fb, ob, rb, cb, sb, tb, lb, bb = base.values()
    codes = sql_array([p[0] for p in places])
    counties = sql_array([p[2] for p in places])
    officer_ids = sql_array([o.pk for o in officers])
    officer_names = sql_array([o.username for o in officers])
    # One driving row per redemption: province p (1..34), the day it was complete (spread over the
    # year in id order), its month's end (export and payment), firm, batch, amount, numbers.
    s = f"""(SELECT g, p, d, month_end,
        {fb} + 1 + mod(g - 1, {firms}) AS firm,
        {bb} + (p - 1) * 12 + extract(month FROM d)::int AS batch,
        200000 + mod(g::bigint * 7919, {MAX_SUBSIDY_FEN - 200000 + 1}) AS amt,
        'NR' || lpad(g::text, 9, '0') AS number,
        'redemption:NR' || lpad(g::text, 9, '0') AS ref,
        'PL' || lpad(({lb} + g)::text, 8, '0') AS line_code,
        ({codes})[p] AS province, ({counties})[p] AS county,
        ({officer_ids})[p] AS officer, ({officer_names})[p] AS officer_name
      FROM (SELECT g, 1 + mod(g - 1, 34) AS p, d,
              (date_trunc('month', d) + interval '1 month' - interval '1 day')::date AS month_end
            FROM (SELECT g, DATE '{YEAR}-01-01' + ((g - 1)::bigint * 365 / {n})::int AS d
                  FROM generate_series(1, {n}) g) a) b) s"""
    at = "(s.d + time '10:00') AT TIME ZONE 'Asia/Shanghai'"
    paid_at = "(s.month_end + time '16:00') AT TIME ZONE 'Asia/Shanghai'"
    export_at = "(s.month_end + time '10:00') AT TIME ZONE 'Asia/Shanghai'"
    t0 = time.perf_counter()
    copy_rows(
        Organisation,
        world.applicant.pk,
        f"generate_series(1, {firms}) g",
        {
            "id": f"{fb} + g",
            "name": "'BENCHFIRM' || g",
            "uscc": "''",
            "region_code": f"({counties})[1 + mod(g - 1, 34)]",
        },
    )
    copy_rows(
        Order,
        r.order_id,
        s,
        {
            "id": f"{ob} + s.g",
            "number": "'NO' || lpad(s.g::text, 9, '0')",
            "client_id": "s.firm",
            "region_code": "s.county",
            "contract_amount_fen": "2 * s.amt",
            "paid_fen": "2 * s.amt",
            "placed_at": f"{at} - interval '40 days'",
            "settled_at": f"{at} - interval '3 days'",
            "delivered_on": "s.d - 5",
            "idempotency_key": "''",
        },
    )
    copy_rows(
        Redemption,
        r.pk,
        s,
        {
            "id": f"{rb} + s.g",
            "number": "s.number",
            "order_id": f"{ob} + s.g",
            "applicant_id": "s.firm",
            "region_code": "s.county",
            "contract_amount_fen": "2 * s.amt",
            "paid_amount_fen": "2 * s.amt",
            "subsidy_fen": "s.amt",
            "shares": "jsonb_build_object('province', s.amt)",
            "completed_on": "s.d - 5",
            "submitted_at": f"{at} - interval '2 days'",
            "decided_at": at,
            "claim_reference": "s.ref",
        },
    )
    copy_rows(
        PaymentBatch,
        batch.pk,
        "generate_series(1, 34) p, generate_series(1, 12) m, LATERAL (SELECT "
        f"(make_date({YEAR}, m, 1) + interval '1 month' - interval '1 day')::date AS month_end) e",
        {
            "id": f"{bb} + (p - 1) * 12 + m",
            "payer_region": f"({codes})[p]",
            "cadence": "'monthly'",
            "period": f"'{YEAR}-' || lpad(m::text, 2, '0')",
            "created_at": "(e.month_end + time '09:00') AT TIME ZONE 'Asia/Shanghai'",
            "exported_at": "(e.month_end + time '10:00') AT TIME ZONE 'Asia/Shanghai'",
            "reconciled_at": "(e.month_end + time '16:00') AT TIME ZONE 'Asia/Shanghai'",
            "created_by": f"({officer_names})[p]",
        },
    )
    available, payable, paid = (sql_array(accounts[k]) for k in ("available", "payable", "paid"))
    moves = {
        reserve.pk: {
            "id": f"{tb} + 3 * s.g - 2",
            "key": "'reserve:' || s.ref || ':province'",
            "debit_account_id": f"({available})[s.p]",
            "credit_account_id": f"({payable})[s.p]",
            "created_at": at,
        },
        post.pk: {
            "id": f"{tb} + 3 * s.g - 1",
            "key": f"'post:' || ({tb} + 3 * s.g - 2)",
            "pending_id": f"{tb} + 3 * s.g - 2",
            "debit_account_id": f"({available})[s.p]",
            "credit_account_id": f"({payable})[s.p]",
            "memo": "'支付批次 ' || s.batch",
            "actor_label": "s.officer_name",
            "created_at": export_at,
        },
        pay.pk: {
            "id": f"{tb} + 3 * s.g",
            "key": f"'pay:' || ({sb} + s.g)",
            "debit_account_id": f"({payable})[s.p]",
            "credit_account_id": f"({paid})[s.p]",
            "memo": "'支付明细 ' || s.line_code",
            "actor_label": "s.officer_name",
            "created_at": paid_at,
        },
    }
    for pk, overrides in moves.items():
        copy_rows(Transfer, pk, s, {"amount_fen": "s.amt", "reference": "s.ref", **overrides})
    copy_rows(
        Claim,
        claim.pk,
        s,
        {
            "id": f"{cb} + s.g",
            "reference": "s.ref",
            "region_code": "s.county",
            "amount_fen": "s.amt",
            "completed_at": f"{at} - interval '5 days'",
            "caps": f"jsonb_build_array(jsonb_build_object('key', 'applicant:org:' || s.firm, "
            f"'limit_fen', {CAP_FEN}))",
            "created_at": at,
            "updated_at": paid_at,
        },
    )
    copy_rows(
        ClaimShare,
        share.pk,
        s,
        {
            "id": f"{sb} + s.g",
            "claim_id": f"{cb} + s.g",
            "amount_fen": "s.amt",
            "budget_id": f"({sql_array(budgets)})[s.p]",
            "pending_transfer_id": f"{tb} + 3 * s.g - 2",
        },
    )
    copy_rows(
        PaymentLine,
        line.pk,
        s,
        {
            "id": f"{lb} + s.g",
            "batch_id": "s.batch",
            "claim_id": f"{cb} + s.g",
            "payer_region": "s.province",
            "position": "1 + (s.g - 1) / 34",
            "amount_fen": "s.amt",
            "shares": "jsonb_build_object('province', s.amt)",
            "bank_reference": "'B' || s.g",
            "settled_at": paid_at,
        },
    )
    copy_rows(
        CapCounter,
        tpl["cap"].pk,
        f"(SELECT applicant_id AS firm, sum(subsidy_fen) AS used FROM redemptions_redemption "
        f"WHERE id > {rb} GROUP BY applicant_id) c",
        {"subject_key": "'applicant:org:' || c.firm", "used_fen": "c.used"},
    )
    audit, claim_id, line_id = tpl["audit"], f"({cb} + s.g)::text", f"({lb} + s.g)::text"
    per_claim = {
        ("ledger.claim.reserve", "ledger.claim"): {
            "at": at,
            "object_id": claim_id,
            "region_code": "s.county",
            "data": "t.data || jsonb_build_object('reference', s.ref, 'shares', "
            "jsonb_build_object('province', s.amt))",
        },
        ("registry.pii.reveal", "registry.organisation"): {
            "at": export_at,
            "data": "t.data || jsonb_build_object('line', s.line_code, 'batch', s.batch, "
            "'reference', s.ref)",
        },
        ("ledger.line.export", "ledger.paymentline"): {"at": export_at, "object_id": line_id},
        ("ledger.line.pay", "ledger.paymentline"): {
            "at": paid_at,
            "object_id": line_id,
            "data": "t.data || jsonb_build_object('amount_fen', s.amt, 'bank_reference', "
            "'B' || s.g)",
        },
        ("ledger.claim.pay", "ledger.claim"): {
            "at": paid_at,
            "object_id": claim_id,
            "region_code": "s.county",
            "data": "t.data || jsonb_build_object('line', s.line_code)",
        },
    }
    for key, overrides in per_claim.items():
        copy_rows(
            AuditEvent,
            audit[key],
            s,
            {
                "actor_id": "s.officer",
                "actor_label": "s.officer_name",
                "region_code": "s.province",
                **overrides,
            },
        )
    for action in ("create", "export", "reveal", "reconcile"):
        copy_rows(
            AuditEvent,
            audit[(f"ledger.batch.{action}", "ledger.paymentbatch")],
            "generate_series(1, 34) p, generate_series(1, 12) m",
            {
                "at": f"(make_date({YEAR}, m, 1) + interval '1 month' - interval '14 hours')",
                "actor_id": f"({officer_ids})[p]",
                "actor_label": f"({officer_names})[p]",
                "object_id": f"({bb} + (p - 1) * 12 + m)::text",
                "region_code": f"({codes})[p]",
            },
        )
    with connection.cursor() as cur:
        # The engine's balances after these transfers, from the copied shares (what verify checks
        # against the transfers): available → payable (posted), payable → paid.
        cur.execute(
            f"""UPDATE ledger_account a SET
                debits_posted = a.debits_posted
                    + CASE WHEN a.purpose IN ('available', 'payable') THEN x.fen ELSE 0 END,
                credits_posted = a.credits_posted
                    + CASE WHEN a.purpose IN ('payable', 'paid') THEN x.fen ELSE 0 END
            FROM (SELECT budget_id, sum(amount_fen) AS fen FROM ledger_claimshare
                  WHERE id > {sb} GROUP BY budget_id) x
            WHERE a.budget_id = x.budget_id AND a.purpose IN ('available', 'payable', 'paid')"""
        )
        for model in (*base, AuditEvent, CapCounter):
            table = model._meta.db_table
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
        cur.execute("ANALYZE")
    return {"firms": firms, "provinces": len(places)}, time.perf_counter() - t0


def verify_command() -> float:
    out = io.StringIO()
    t0 = time.perf_counter()
    call_command("ledger", "verify", stdout=out)  # CommandError (exit 1) if anything differs
    seconds = time.perf_counter() - t0
    assert "账本核对通过" in out.getvalue(), out.getvalue()[-2000:]
    return seconds


def replay() -> tuple[float, int, bool]:
    """The former selector: every transfer loaded into Python and replayed (`domain.verify`)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    accounts = [
        domain.AccountRow(*row)
        for row in Account.objects.order_by("id").values_list(
            "id",
            *domain.BALANCE_FIELDS,
            "debits_must_not_exceed_credits",
            "credits_must_not_exceed_debits",
        )
    ]
    transfers = [
        domain.TransferRow(*row)
        for row in Transfer.objects.order_by("id")
        .values_list(
            "id", "debit_account_id", "credit_account_id", "amount_fen", "kind", "pending_id"
        )
        .iterator(chunk_size=20_000)
    ]
    report = domain.verify(accounts, transfers)
    seconds = time.perf_counter() - t0
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak
    return seconds, grown_kib * 1024, report.ok


def sizes() -> dict:
    tables = {}
    with connection.cursor() as cur:
        for table in LEDGER_TABLES + OTHER_TABLES:
            cur.execute(
                f"SELECT count(*), pg_total_relation_size('\"{table}\"'), "
                f"pg_relation_size('\"{table}\"'), pg_indexes_size('\"{table}\"') "
                f'FROM "{table}"'
            )
            rows, total, heap, indexes = cur.fetchone()
            tables[table] = {"rows": rows, "total": total, "table": heap, "indexes": indexes}
        cur.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indrelid = 'ledger_transfer'::regclass ORDER BY 2 DESC"
        )
        transfer_indexes = dict(cur.fetchall())
        cur.execute("SELECT pg_database_size(current_database())")
        database = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared_buffers = cur.fetchone()[0]
        cur.execute("SHOW work_mem")
        work_mem = cur.fetchone()[0]
    return {
        "tables": tables,
        "transfer_indexes": transfer_indexes,
        "database": database,
        "settings": {"shared_buffers": shared_buffers, "work_mem": work_mem},
    }


def main() -> None:
    n, repeat = int(sys.argv[1]), int(sys.argv[2])
    call_command("migrate", verbosity=0)
    call_command("setup_platform", verbosity=0)
    world, load_seconds = load(n)
    paid = Redemption.objects.filter(status="paid", fiscal_year=YEAR).count()
    first = verify_command()
    warm = min(verify_command() for _ in range(repeat))
    t0 = time.perf_counter()
    report = ledger_verify()
    selector = time.perf_counter() - t0
    replay_seconds, replay_bytes, replay_ok = replay()
    assert report.ok and replay_ok
    result = {
        "redemptions": n,
        "paid_redemptions": paid,
        **world,
        "load_seconds": load_seconds,
        "repeat": repeat,
        "verify_first_seconds": first,
        "verify_seconds": warm,
        "verify_selector_seconds": selector,
        "verify_accounts": report.accounts,
        "verify_transfers": report.transfers,
        "replay_seconds": replay_seconds,
        "replay_peak_growth_bytes": replay_bytes,
        **sizes(),
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
