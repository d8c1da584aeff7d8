"""PostgreSQL, real threads: payments committing at the same moment each bump the year's
generation once (the first ones racing to create its row), so no committed payment can be
answered from an entry computed before it."""

import threading

import pytest
from django.db import connection, transaction

from innovoucher.core.models import Generation
from innovoucher.stats.generation import generation, public_changed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_bumps_are_all_counted_and_the_row_is_created_once():
    n = 8
    barrier, errors = threading.Barrier(n), []

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                public_changed(2031)
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Generation.objects.filter(name="redemptions.paid:2031").count() == 1
    token, value = generation(2031).split(".")
    assert value == str(n) and len(token) == 32
