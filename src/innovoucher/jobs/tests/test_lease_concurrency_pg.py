"""Real concurrency on PostgreSQL: many processes' worth of threads race for the tick lease and
exactly one tick runs at a time; the others skip and say so."""

import threading
import time

import pytest
from django.db import connection

from innovoucher.jobs import ticking
from innovoucher.jobs.lease import lease_acquire

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n: int, fn) -> list:
    barrier, results, errors = threading.Barrier(n), [None] * n, []

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return results


def test_eight_concurrent_acquirers_of_a_new_lease_one_wins():
    assert sum(_race(8, lambda i: lease_acquire(name="race", holder=f"h{i}", ttl=60))) == 1


def test_two_schedulers_never_run_a_tick_at_once(monkeypatch, caplog):
    inside, peak, lock = [0], [0], threading.Lock()

    def slow_tick(moment):
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        time.sleep(0.5)
        with lock:
            inside[0] -= 1
        return [("步骤", 1)]

    monkeypatch.setattr(ticking, "run_tick", slow_tick)
    results = _race(6, lambda i: ticking.tick_run())
    assert peak[0] == 1
    assert sorted(r["skipped"] for r in results) == [False] + [True] * 5
    assert caplog.text.count("本次跳过") == 5
    assert ticking.tick_run()["skipped"] is False, "the lease is free again once the tick finished"
