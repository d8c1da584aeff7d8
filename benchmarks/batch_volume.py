"""Child of `benchmarks/suite.py --only batch`: a payment batch of N lines exported and its bank
result imported through the services, against PostgreSQL COPY of the same rows, in the same
process and database.

One Ningxia world is built through the services and one redemption is approved with its money
reserved (`review_passed`: a claim, its funder shares, their pending transfers); then N payees
(copies of the applicant, with its reviewed bank account), N reserved claims, N shares per funder
level and their N pending transfers are copied from those rows with ``INSERT … SELECT`` over
``generate_series`` (no Python per row), the accounts' pending balances moved by the same total,
and ANALYZEd (`ledger verify` holds after the load). Timed, once each:

- ``create_export``: `batch_create` + `batch_export` (csv) — N lines, every share posted, every
  account revealed and fixed on its line, the bank file rendered;
- ``import``: `batch_import_results` of the bank's result file (every line paid);
- ``copy_out``: ``COPY (SELECT …) TO STDOUT`` of the rows the bank file carries (line code,
  position, holder, sealed account, bank, amount, reference), the floor of the export;
- ``copy_in``: ``COPY … FROM STDIN`` of the result file into a temporary table, the floor of
  the import.

Prints one line ``RESULT {json}``.

Run: DATABASE_URL=postgres://… python benchmarks/batch_volume.py N
"""

from __future__ import annotations

import json
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402

from innovoucher.accounts.roles import Role  # noqa: E402
from innovoucher.core import clock  # noqa: E402
from innovoucher.ledger import services as ledger  # noqa: E402
from innovoucher.ledger.models import (  # noqa: E402
    Account,
    Claim,
    ClaimShare,
    PaymentLine,
    Transfer,
)
from innovoucher.ledger.selectors import ledger_verify  # noqa: E402
from innovoucher.redemptions.models import Redemption  # noqa: E402
from innovoucher.redemptions.services.outcome import review_passed  # noqa: E402
from innovoucher.redemptions.tests.publicity_support import redemption_in_review  # noqa: E402
from innovoucher.registry.models import Organisation  # noqa: E402
from testsupport import make_user  # noqa: E402
from testsupport.world import START, build_world  # noqa: E402

FAMILY = "ningxia"
SUBSIDY_FEN = 5_000


def copy_rows(model_cls, template_pk: int, source: str, overrides: dict, where: str = "") -> int:
    """Every column of the template row, some replaced by expressions of the driving rows `g`."""
    cols = [f.column for f in model_cls._meta.concrete_fields if f.column != "id"]
    exprs = [overrides.get(c, f't."{c}"') for c in cols]
    table = model_cls._meta.db_table
    names = ", ".join(f'"{c}"' for c in cols)
    sql = (
        f'INSERT INTO "{table}" ({names}) SELECT {", ".join(exprs)} '
        f'FROM "{table}" t, {source} WHERE t.id = %s {where}'
    )
    with connection.cursor() as cur:
        cur.execute(sql, [template_pk])
        return cur.rowcount


def load(n: int):
    """The world, one reserved claim through the services, then N copies of it in SQL."""
    with clock.frozen_now(START[FAMILY]):
        world = build_world(FAMILY)
        model = redemption_in_review(world, subsidy_fen=SUBSIDY_FEN)
        review_passed(
            actor=world.officials["province"], redemption=Redemption.objects.get(pk=model.pk)
        )
    claim = Claim.objects.get(reference=f"redemption:{model.number}")
    shares = list(claim.shares.select_related("budget", "pending_transfer"))
    assert claim.status == Claim.Status.RESERVED and shares, "the template claim is reserved"
    payer = shares[0].budget.region_code
    finance = make_user("bench-finance", Role.FINANCE_OFFICER, payer)
    for share in shares:  # enough money for N more claims
        ledger.budget_appropriate(
            actor=finance,
            budget=share.budget,
            amount_fen=n * share.amount_fen,
            reference=f"bench-{share.budget_id}",
        )
    t0 = time.perf_counter()
    copy_rows(
        Organisation,
        world.applicant.pk,
        f"generate_series(1, {n}) g",
        {"name": "'BENCHPAYEE' || g", "bank_account_name": "'BENCHPAYEE' || g", "uscc": "''"},
    )
    with connection.cursor() as cur:
        cur.execute("SELECT min(id) FROM registry_organisation WHERE name LIKE 'BENCHPAYEE%%'")
        base = cur.fetchone()[0]
    copy_rows(
        Claim,
        claim.pk,
        f"generate_series(1, {n}) g",
        {
            "reference": "'redemption:BENCH' || g",
            "payee_ref": f"'organisation:' || ({base} + g - 1)",
            "payee_name": "'BENCHPAYEE' || g",
            "caps": "'[]'",
        },
    )
    for share in shares:
        pending = share.pending_transfer
        copy_rows(
            Transfer,
            pending.pk,
            "ledger_claim c",
            {"key": "t.key || ':' || c.reference", "reference": "c.reference"},
            where="AND c.reference LIKE 'redemption:BENCH%%'",
        )
        _copy_shares(share, pending)
        Account.objects.filter(pk=pending.debit_account_id).update(
            debits_pending=F("debits_pending") + n * pending.amount_fen
        )
        Account.objects.filter(pk=pending.credit_account_id).update(
            credits_pending=F("credits_pending") + n * pending.amount_fen
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return finance, payer, time.perf_counter() - t0


def _copy_shares(share, pending) -> None:
    cols = [f.column for f in ClaimShare._meta.concrete_fields if f.column != "id"]
    over = {"claim_id": "c.id", "pending_transfer_id": "p.id"}
    exprs = ", ".join(over.get(c, f't."{c}"') for c in cols)
    names = ", ".join(f'"{c}"' for c in cols)
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO ledger_claimshare ({names}) SELECT {exprs} FROM ledger_claimshare t, "
            "ledger_claim c JOIN ledger_transfer p ON p.key = %s || ':' || c.reference "
            "WHERE t.id = %s AND c.reference LIKE 'redemption:BENCH%%'",
            [pending.key, share.pk],
        )


FILE_ROWS = """
    SELECT 'PL' || lpad(l.id::text, 8, '0'), l.position, l.payee_holder, l.payee_account_cipher,
           l.payee_bank, l.amount_fen, c.reference, l.payee_kind, l.shares::text
    FROM ledger_paymentline l JOIN ledger_claim c ON c.id = l.claim_id
    WHERE l.batch_id = {batch} ORDER BY l.position
"""


def copy_out(batch_id: int) -> tuple[float, int]:
    t0, size = time.perf_counter(), 0
    with connection.cursor() as cur:
        with cur.cursor.copy(
            f"COPY ({FILE_ROWS.format(batch=int(batch_id))}) TO STDOUT (FORMAT csv)"
        ) as copy:
            for data in copy:
                size += len(data)
    return time.perf_counter() - t0, size


def copy_in(content: bytes) -> tuple[float, int]:
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE bench_result (code text, result text, bank_reference text, "
            "reason text)"
        )
        t0 = time.perf_counter()
        with cur.cursor.copy("COPY bench_result FROM STDIN (FORMAT csv, HEADER)") as copy:
            copy.write(content)
        seconds = time.perf_counter() - t0
        cur.execute("SELECT count(*) FROM bench_result")
        return seconds, cur.fetchone()[0]


def main() -> None:
    n = int(sys.argv[1])
    call_command("migrate", verbosity=0)
    call_command("setup_platform", verbosity=0)
    finance, payer, load_seconds = load(n)
    assert ledger_verify().ok, "the loaded ledger replays"
    t0 = time.perf_counter()
    batch = ledger.batch_create(
        actor=finance, payer_region=payer, cadence="monthly", period="2026-05"
    )
    exported = ledger.batch_export(actor=finance, batch=batch, fmt="csv")
    create_export = time.perf_counter() - t0
    lines = list(batch.lines.order_by("position").values_list("pk", flat=True))
    rows = ["明细编号,结果,银行流水号,失败原因"] + [f"PL{pk:08d},成功,B{pk:09d}," for pk in lines]
    content = ("\n".join(rows) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    summary = ledger.batch_import_results(
        actor=finance, batch=batch, filename="r.csv", content=content
    )
    imported = time.perf_counter() - t0
    out_seconds, out_bytes = copy_out(batch.pk)
    in_seconds, in_rows = copy_in(content)
    verified = ledger_verify().ok
    result = {
        "lines": len(lines),
        "paid": summary.paid,
        "problems": len(summary.problems),
        "pay_transfers": Transfer.objects.filter(code="pay").count(),
        "paid_lines": PaymentLine.objects.filter(batch=batch, status="paid").count(),
        "file_bytes": len(exported.content),
        "load_seconds": load_seconds,
        "create_export_seconds": create_export,
        "import_seconds": imported,
        "copy_out_seconds": out_seconds,
        "copy_out_bytes": out_bytes,
        "copy_in_seconds": in_seconds,
        "copy_in_rows": in_rows,
        "export_ratio": create_export / out_seconds,
        "import_ratio": imported / in_seconds,
        "ledger_verified": verified,
    }
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
