"""frozen_now blocks entered in several threads end in any order and leave real time behind."""

import datetime as dt
import threading

from innovoucher.core import clock


def test_interleaved_blocks_in_threads_leave_no_override():
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with clock.frozen_now(dt.date(2025, 3, 1)):
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second():
        a_in.wait(5)
        with clock.frozen_now(dt.date(2025, 3, 2)):
            b_in.set()
            a_out.wait(5)
            assert clock.today() == dt.date(2025, 3, 2)  # still inside this block

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert clock._override is None
    assert abs(clock.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_nested_blocks_restore_the_outer_time():
    with clock.frozen_now(dt.date(2025, 1, 1)):
        with clock.frozen_now(dt.date(2025, 6, 1)):
            assert clock.today() == dt.date(2025, 6, 1)
        assert clock.today() == dt.date(2025, 1, 1)
    assert clock._override is None
