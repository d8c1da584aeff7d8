"""Pure ledger rules, no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from innovoucher.ledger import domain
from innovoucher.ledger.domain import AccountRow, BudgetEvent, TransferRow

D = dt.date


def _accounts(balances: dict[int, dict[str, int]], limited=()) -> list[AccountRow]:
    return [
        AccountRow(
            i,
            **{f: balances.get(i, {}).get(f, 0) for f in domain.BALANCE_FIELDS},
            debits_must_not_exceed_credits=i in limited,
        )
        for i in (1, 2, 3)
    ]


TRANSFERS = [
    TransferRow(1, 1, 2, 1000, "single"),
    TransferRow(2, 2, 3, 300, "pending"),
    TransferRow(3, 2, 3, 200, "pending"),
    TransferRow(4, 2, 3, 300, "post", pending_id=2),
    TransferRow(5, 2, 3, 200, "void", pending_id=3),
]


def test_recompute_follows_two_phase_semantics():
    balances, problems, count = domain.recompute_balances(TRANSFERS)
    assert problems == [] and count == 5
    assert balances[2] == {
        "debits_pending": 0,
        "debits_posted": 300,
        "credits_pending": 0,
        "credits_posted": 1000,
    }
    assert balances[3]["credits_posted"] == 300 and balances[3]["credits_pending"] == 0


def test_verify_passes_when_stored_equals_recomputed():
    balances, _, _ = domain.recompute_balances(TRANSFERS)
    report = domain.verify(_accounts(balances, limited={2}), TRANSFERS)
    assert report.ok, report
    assert report.totals["debits_posted"] == report.totals["credits_posted"] == 1300


def test_verify_reports_a_tampered_balance():
    balances, _, _ = domain.recompute_balances(TRANSFERS)
    balances[2]["credits_posted"] += 1
    report = domain.verify(_accounts(balances), TRANSFERS)
    assert not report.ok
    assert report.differences == [domain.Difference(2, "credits_posted", 1001, 1000)]
    assert any("借贷不平" in p for p in report.problems)


def test_verify_reports_double_resolution_and_mismatched_post():
    bad = [
        *TRANSFERS,
        TransferRow(6, 2, 3, 300, "void", pending_id=2),
        TransferRow(7, 1, 3, 50, "pending"),
        TransferRow(8, 1, 3, 49, "post", pending_id=7),
    ]
    _, problems, _ = domain.recompute_balances(bad)
    assert any("重复处理" in p for p in problems)
    assert any("不一致" in p for p in problems)


def test_verify_reports_overdraft_of_a_limited_account():
    transfers = [TransferRow(1, 2, 3, 500, "single")]
    balances, _, _ = domain.recompute_balances(transfers)
    report = domain.verify(_accounts(balances, limited={2}), transfers)
    assert any("透支" in p for p in report.problems)


@given(
    st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3]), st.integers(1, 10**9)),
        max_size=30,
    )
)
def test_recomputed_debits_always_equal_credits(moves):
    transfers = [
        TransferRow(i + 1, d, c, a, "single") for i, (d, c, a) in enumerate(moves) if d != c
    ]
    balances, _, _ = domain.recompute_balances(transfers)
    assert sum(b["debits_posted"] for b in balances.values()) == sum(
        b["credits_posted"] for b in balances.values()
    )


def test_best_holder_prefers_the_most_specific_region():
    assert domain.best_holder("140105", ["140000", "140100", "140200"]) == "140100"
    assert domain.best_holder("140205", ["140000"]) == "140000"
    assert domain.best_holder("370105", ["140000", "140100"]) is None


def test_funder_region_for_each_level():
    assert domain.funder_region_for("province", "140105") == "140000"
    assert domain.funder_region_for("city", "140105") == "140100"
    assert domain.funder_region_for("county", "330602") == "330602"


def test_burn_down_counts_spending_and_releases_separately_from_moves():
    events = [
        BudgetEvent(D(2026, 1, 1), "in", 10_000),
        BudgetEvent(D(2026, 1, 1), "out", 4_000),
        BudgetEvent(D(2026, 1, 5), "spend", 1_000),
        BudgetEvent(D(2026, 1, 6), "release", 400),
    ]
    points = domain.burn_down(events)
    assert [(p.on.day, p.budget_fen, p.spent_fen, p.remaining_fen) for p in points] == [
        (1, 6_000, 0, 6_000),
        (5, 6_000, 1_000, 5_000),
        (6, 6_000, 600, 5_400),
    ]


def test_forecast_extrapolates_the_average_daily_burn():
    events = [BudgetEvent(D(2026, 1, 1), "in", 36_500), BudgetEvent(D(2026, 1, 10), "spend", 1_000)]
    result = domain.forecast(domain.burn_down(events), as_of=D(2026, 1, 10))
    # 1,000 fen over 10 days = 100 a day; 35,500 left → 355 more days.
    assert result.per_day_fen == 100 and result.remaining_fen == 35_500
    assert result.run_out_on == D(2026, 1, 10) + dt.timedelta(days=355)


def test_forecast_without_spending_has_no_date_and_exhausted_budget_is_today():
    idle = domain.forecast(
        domain.burn_down([BudgetEvent(D(2026, 1, 1), "in", 100)]), as_of=D(2026, 3, 1)
    )
    assert idle.run_out_on is None and not idle.exhausted
    gone = domain.forecast(
        domain.burn_down(
            [BudgetEvent(D(2026, 1, 1), "in", 100), BudgetEvent(D(2026, 1, 2), "spend", 100)]
        ),
        as_of=D(2026, 3, 1),
    )
    assert gone.exhausted and gone.run_out_on == D(2026, 3, 1)


def test_forecast_rounds_days_up():
    events = [BudgetEvent(D(2026, 1, 1), "in", 1_000), BudgetEvent(D(2026, 1, 3), "spend", 300)]
    result = domain.forecast(domain.burn_down(events), as_of=D(2026, 1, 3))
    # 300 in 3 days; 700 left → 7 days exactly; 701 would be 8.
    assert result.run_out_on == D(2026, 1, 10)


def test_result_status_words_and_periods():
    assert (
        domain.parse_result_status(" 成功 ") == "paid"
        and domain.parse_result_status("FAILED") == "failed"
    )
    assert domain.parse_result_status("maybe") is None
    assert domain.period_problem("monthly", "2026-05") is None and domain.period_problem(
        "monthly", "2026-13"
    )
    assert domain.period_problem("quarterly", "2026-Q2") is None and domain.period_problem(
        "quarterly", "2026-05"
    )
    assert domain.period_problem(
        "per_notice", "晋科发〔2026〕3号"
    ) is None and domain.period_problem("per_notice", " ")
