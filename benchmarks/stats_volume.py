"""Child of `benchmarks/suite.py --only stats`: the statistics over N orders on PostgreSQL, against
the bare SQL aggregate of the same figures, in the same process and database.

One Ningxia world is built through the services with one scaffolded redemption in review; then
N/20 firms, N orders (20 per firm), N redemptions (one per order), N review steps and one claimed
voucher per firm are copied from those rows with ``INSERT … SELECT`` over ``generate_series`` (no
Python per row), spread over six counties, six service categories and four statuses, and
ANALYZEd. Each statistics selector (the dashboard's
five and the public statistics with complementary suppression) is timed, best of `repeat`, next
to a hand-written SQL aggregate returning the same groups, timed the same way; the ratio is
selector / SQL. The cached public statistics (`stats.cache`, what the portal answers) are timed on a
hit and on a miss after a payment's generation bump (``cached`` in the result). Prints one line
``RESULT {json}``.

Run: DATABASE_URL=postgres://… python benchmarks/stats_volume.py N REPEAT
"""

from __future__ import annotations

import json
import sys
import time

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from innovoucher.core import clock  # noqa: E402
from innovoucher.orders.models import Order  # noqa: E402
from innovoucher.redemptions.models import Redemption, ReviewStep  # noqa: E402
from innovoucher.redemptions.tests.publicity_support import redemption_in_review  # noqa: E402
from innovoucher.registry.models import Organisation  # noqa: E402
from innovoucher.stats import selectors  # noqa: E402
from innovoucher.vouchers.models import Voucher  # noqa: E402
from testsupport.world import START, build_world  # noqa: E402

FAMILY = "ningxia"
FIRM_ORDERS = 20  # orders per firm: 50,000 firms for 1M orders
COUNTIES = "ARRAY['640104','640105','640106','640121','640122','640181']"
CATEGORIES = "ARRAY['testing','rd','design','pilot','data','consulting']"
STATUSES = "ARRAY['paid','payable','in_review','rejected']"
COMMITTED = "('approved','queued','payable','paid')"


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


def load(n: int) -> tuple[int, float]:
    with clock.frozen_now(START[FAMILY]):
        world = build_world(FAMILY)
        model = redemption_in_review(world, subsidy_fen=1_000_000)
    step = model.steps.first()
    firms = max(1, n // FIRM_ORDERS)
    t0 = time.perf_counter()
    copy_rows(
        Organisation,
        world.applicant.pk,
        f"generate_series(0, {firms - 1}) g",
        {
            "name": "'BENCHFIRM' || g",
            "uscc": "''",
            "region_code": f"({COUNTIES})[1 + mod(g, 6)]",
        },
    )
    with connection.cursor() as cur:
        cur.execute("SELECT min(id) FROM registry_organisation WHERE name LIKE 'BENCHFIRM%%'")
        base = cur.fetchone()[0]
    # order g belongs to firm mod(g, firms), in that firm's county
    copy_rows(
        Order,
        model.order_id,
        f"generate_series(1, {n}) g",
        {
            "number": "'BO' || lpad(g::text, 9, '0')",
            "client_id": f"{base} + mod(g, {firms})",
            "region_code": f"({COUNTIES})[1 + mod(mod(g, {firms}), 6)]",
            "category": f"({CATEGORIES})[1 + mod(g / 7, 6)]",
            "idempotency_key": "''",
        },
    )
    copy_rows(
        Redemption,
        model.pk,
        "orders_order g",
        {
            "number": "'RB' || g.id",
            "order_id": "g.id",
            "applicant_id": "g.client_id",
            "region_code": "g.region_code",
            "category": "g.category",
            "status": f"({STATUSES})[1 + mod(g.id, 4)::int]",
            "subsidy_fen": "100000 + mod(g.id, 1000)",
            "claim_reference": "''",
        },
        where="AND g.number LIKE 'BO%%'",
    )
    copy_rows(
        ReviewStep,
        step.pk,
        "redemptions_redemption g",
        {
            "redemption_id": "g.id",
            "region_code": "g.region_code",
            "status": "'approved'",
            "started_on": "coalesce(t.started_on, DATE '2026-03-02')",
            "decided_at": "coalesce(t.started_on, DATE '2026-03-02') + mod(g.id, 15) * "
            "interval '1 day' + interval '10 hours'",
            "due_on": "coalesce(t.started_on, DATE '2026-03-02') + 10",
        },
        where="AND g.number LIKE 'RB%%'",
    )
    # one claimed voucher per firm (the claimed-vs-used funnel)
    template = Voucher.objects.create(
        number="BVTEMPLATE",
        holder=world.applicant,
        family_slug=FAMILY,
        policy_version_id=model.policy_version_id,
        region_code=world.applicant.region_code,
        fiscal_year=model.fiscal_year,
        mode="application",
        status="issued",
        face_fen=10_000_000,
        issued_on=START[FAMILY],
        created_at=clock.now(),
    )
    copy_rows(
        Voucher,
        template.pk,
        f"generate_series(0, {firms - 1}) g",
        {
            "number": "'BV' || lpad(g::text, 9, '0')",
            "holder_id": f"{base} + g",
            "region_code": f"({COUNTIES})[1 + mod(g, 6)]",
            "status": "(ARRAY['issued','used','redeemed'])[1 + mod(g, 3)]",
            "used_fen": "mod(g, 3) * 1000000",
        },
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return model.fiscal_year, time.perf_counter() - t0


def sql(query: str, params) -> list:
    with connection.cursor() as cur:
        cur.execute(query, params)
        return cur.fetchall()


def bare(year: int) -> dict:
    """The same aggregates as hand-written SQL (the floor the selectors are compared with)."""
    like = "64%"
    return {
        "voucher_funnel": lambda: (
            sql(
                "SELECT region_code, count(*), count(*) FILTER (WHERE status IN ('used','redeemed')"
                " OR used_fen > 0), sum(face_fen), sum(used_fen) FROM vouchers_voucher"
                " WHERE fiscal_year = %s AND region_code LIKE %s GROUP BY region_code",
                [year, like],
            ),
            sql(
                "SELECT region_code, count(*) FILTER (WHERE status = 'paid'), sum(subsidy_fen)"
                " FILTER (WHERE status = 'paid') FROM redemptions_redemption"
                " WHERE fiscal_year = %s AND region_code LIKE %s GROUP BY region_code",
                [year, like],
            ),
        ),
        "amounts_by_category": lambda: sql(
            "SELECT category, count(*), sum(subsidy_fen), sum(contract_amount_fen)"
            " FROM redemptions_redemption WHERE fiscal_year = %s AND region_code LIKE %s"
            f" AND status IN {COMMITTED} GROUP BY category ORDER BY 3 DESC, 1",
            [year, like],
        ),
        "amounts_by_provider": lambda: sql(
            "SELECT r.provider_id, o.name, count(*), sum(r.subsidy_fen)"
            " FROM redemptions_redemption r JOIN registry_organisation o ON o.id = r.provider_id"
            " WHERE r.fiscal_year = %s AND r.region_code LIKE %s"
            f" AND r.status IN {COMMITTED} GROUP BY 1, 2 ORDER BY 4 DESC, 1 LIMIT 15",
            [year, like],
        ),
        "processing_times": lambda: sql(
            "SELECT s.level, count(*), sum(s.decided_at::date - s.started_on),"
            " count(*) FILTER (WHERE s.due_on IS NOT NULL), sum(s.due_on - s.started_on),"
            " count(*) FILTER (WHERE s.decided_at::date > s.due_on)"
            " FROM redemptions_reviewstep s JOIN redemptions_redemption r ON r.id = s.redemption_id"
            " WHERE r.fiscal_year = %s AND r.region_code LIKE %s"
            " AND s.status IN ('approved','returned','rejected')"
            " AND s.started_on IS NOT NULL AND s.decided_at IS NOT NULL GROUP BY 1 ORDER BY 1",
            [year, like],
        ),
        "public_statistics": lambda: [
            sql(
                f"SELECT {cols}, count(DISTINCT applicant_id), count(*), sum(subsidy_fen)"
                " FROM redemptions_redemption WHERE fiscal_year = %s AND status = 'paid'"
                + (f" GROUP BY {cols}" if cols != "1" else ""),
                [year],
            )
            for cols in (
                "family_slug, region_code",
                "family_slug, category",
                "family_slug",
                "region_code",
                "category",
                "1",
            )
        ],
    }


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    n, repeat = int(sys.argv[1]), int(sys.argv[2])
    call_command("migrate", verbosity=0)
    call_command("setup_platform", verbosity=0)
    year, load_seconds = load(n)
    counts = {
        "orders": Order.objects.count(),
        "redemptions": Redemption.objects.count(),
        "review_steps": ReviewStep.objects.count(),
        "vouchers": Voucher.objects.count(),
        "firms": Organisation.objects.filter(name__startswith="BENCHFIRM").count(),
    }
    f = selectors.Filters(region="640000", year=year)
    ours = {
        "voucher_funnel": lambda: selectors.voucher_funnel(f),
        "amounts_by_category": lambda: selectors.amounts_by_category(f),
        "amounts_by_provider": lambda: selectors.amounts_by_provider(f),
        "processing_times": lambda: selectors.processing_times(f),
        "public_statistics": lambda: selectors.public_statistics(year=year),
    }
    floor = bare(year)
    rows = []
    for name, fn in ours.items():
        fn(), floor[name]()  # warm the caches once
        t_ours, t_sql = best(fn, repeat), best(floor[name], repeat)
        rows.append(
            {"selector": name, "seconds": t_ours, "sql_seconds": t_sql, "ratio": t_ours / t_sql}
        )
    total = sum(r["seconds"] for r in rows)
    total_sql = sum(r["sql_seconds"] for r in rows)
    # What the public page and API answer (`stats.cache`): the first call after a payment (miss:
    # the year's generation was bumped, the six aggregates run once) and every call after it (hit).
    from innovoucher.stats import cache as stats_cache

    def miss():
        stats_cache.public_changed(year)
        stats_cache.public_statistics_cached(year=year)

    stats_cache.public_statistics_cached(year=year)
    cached = {
        "public_statistics_cached_hit": best(
            lambda: stats_cache.public_statistics_cached(year=year), repeat
        ),
        "public_statistics_cached_miss": best(miss, repeat),
    }
    print(
        "RESULT "
        + json.dumps(
            {
                "orders": n,
                "counts": counts,
                "load_seconds": load_seconds,
                "repeat": repeat,
                "rows": rows,
                "seconds": total,
                "sql_seconds": total_sql,
                "ratio": total / total_sql,
                "cached": cached,
            }
        )
    )


if __name__ == "__main__":
    main()
