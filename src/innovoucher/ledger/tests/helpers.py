"""Small builders shared by the ledger tests (users: `testsupport.make_user`)."""

import datetime as dt

from django.utils import timezone

from innovoucher.ledger import services
from innovoucher.ledger.models import Purpose


def at(day: int, month: int = 5, year: int = 2026, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


PAYEE = services.Payee("applicant", "太原某科技有限公司", "6222****1234")


def funded(actor, funder="140000", amount=0, year=2026, region=None, line="vouchers"):
    """A budget with `amount` fen appropriated (pool) or allocated from the pool (region)."""
    pool = services.budget_open(actor=actor, funder_region=funder, fiscal_year=year, line=line)
    if region is None:
        if amount:
            services.budget_appropriate(
                actor=actor,
                budget=pool,
                amount_fen=amount,
                reference=f"拨款-{funder}-{year}-{amount}",
            )
        return pool
    services.budget_appropriate(
        actor=actor,
        budget=pool,
        amount_fen=amount,
        reference=f"拨款-{funder}-{year}-{region}-{amount}",
    )
    services.budget_allocate(
        actor=actor,
        source=pool,
        to_region=region,
        amount_fen=amount,
        reference=f"下拨-{region}-{amount}",
    )
    return pool.__class__.objects.get(
        funder_region=funder, region_code=region, fiscal_year=year, line=line
    )


def reserve(actor, ref, shares, region="140105", day=1, **kwargs):
    kwargs.setdefault("payee", PAYEE)
    return services.claim_reserve(
        actor=actor,
        reference=ref,
        region_code=region,
        fiscal_year=kwargs.pop("year", 2026),
        shares=shares,
        completed_at=at(day),
        **kwargs,
    )


def available(budget) -> int:
    budget.refresh_from_db()
    return budget.accounts.get(purpose=Purpose.AVAILABLE).spendable_fen


def account(budget, purpose):
    return budget.accounts.get(purpose=purpose)


def result_csv(batch, outcomes: dict[str, str] | None = None, default="成功") -> bytes:
    """A bank result file for every line of `batch` (outcomes by line code override)."""
    outcomes = outcomes or {}
    rows = ["明细编号,结果,银行流水号,失败原因"]
    for line in batch.lines.order_by("position"):
        result = outcomes.get(line.code, default)
        rows.append(
            f"{line.code},{result},B{line.pk:06d},{'账户已销户' if result == '失败' else ''}"
        )
    return ("\n".join(rows) + "\n").encode("utf-8")


def pay_all(actor, payer, period="通知-1"):
    """Batch, export and confirm every payable claim held at `payer`."""
    batch = services.batch_create(
        actor=actor, payer_region=payer, cadence="per_notice", period=period
    )
    services.batch_export(actor=actor, batch=batch, fmt="csv")
    services.batch_import_results(
        actor=actor, batch=batch, filename="result.csv", content=result_csv(batch)
    )
    return batch
