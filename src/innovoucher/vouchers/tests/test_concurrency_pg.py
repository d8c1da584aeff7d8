"""Real concurrency on PostgreSQL: 24 clients' threads order with the same yearly voucher at the
same moment. Conditional updates must hold exactly the voucher's face, never more."""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from innovoucher.core import clock
from innovoucher.core.errors import DomainError
from innovoucher.orders import services as orders
from innovoucher.orders.models import Order
from innovoucher.vouchers import services
from innovoucher.vouchers.models import VoucherUse
from testsupport.world import START, build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 24


def run_concurrently(fn, count=WORKERS) -> list:
    barrier, results = threading.Barrier(count), [None] * count

    def worker(i):
        try:
            barrier.wait()
            with clock.frozen_now(START["shaoxing"]):
                results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_concurrent_orders_never_overdraw_a_voucher(seed_policies):
    with clock.frozen_now(START["shaoxing"]):
        w = build_world("shaoxing", funded=False)
        voucher = services.voucher_claim(
            actor=w.applicant_user, holder=w.applicant, family="shaoxing"
        )  # 200,000.00

    def order(i):
        return orders.order_place(
            actor=w.applicant_user,
            client=w.applicant,
            service=w.service,
            family="shaoxing",
            subject=f"并发订单{i}",
            contract_amount="100000.00",
            voucher=voucher,
        )  # holds 50,000.00

    results = run_concurrently(order)
    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(placed) + len(refused) == WORKERS, [
        r for r in results if not isinstance(r, (Order, DomainError))
    ]
    voucher.refresh_from_db()
    held = VoucherUse.objects.filter(voucher=voucher, status="reserved").aggregate(
        s=Sum("amount_fen")
    )["s"]
    assert len(placed) == 4 and voucher.reserved_fen == held == 200_000_00 == voucher.face_fen
    assert Order.objects.count() == 4, "a refused order leaves nothing behind"
    assert all(e.code in ("voucher_insufficient", "voucher_empty", "stale_status") for e in refused)
