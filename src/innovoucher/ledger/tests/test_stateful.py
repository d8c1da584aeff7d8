"""Hypothesis drives random budget operations; after every step the ledger must still prove itself.

Province 140000 allocates to Taiyuan (140100), Taiyuan adds its own money, claims from
140105 ask for a province share and a city share (Shanxi art. 20/21). Each example runs
inside one transaction that is rolled back at the end.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import Conflict
from innovoucher.ledger import services
from innovoucher.ledger.models import (
    Account,
    Budget,
    CapCounter,
    Claim,
    ClaimShare,
    PaymentLine,
    Purpose,
)
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import at, result_csv
from testsupport import make_user

AMOUNTS = st.integers(min_value=1, max_value=3_000)
MONEY = st.integers(min_value=1_000, max_value=20_000)


class LedgerMachine(RuleBasedStateMachine):
    actor = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.year, self.counter = 2026, 0
        self._open_year(self.year)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _open_year(self, year):
        for funder in ("140000", "140100"):
            services.budget_open(actor=self.actor, funder_region=funder, fiscal_year=year)
        services.budget_open(
            actor=self.actor, funder_region="140000", fiscal_year=year, region_code="140100"
        )

    def _budget(self, funder, region=None, year=None):
        return Budget.objects.get(
            funder_region=funder,
            region_code=region or funder,
            fiscal_year=year or self.year,
            line="vouchers",
        )

    def _next(self, prefix):
        self.counter += 1
        return f"{prefix}-{self.counter}"

    @rule(funder=st.sampled_from(["140000", "140100"]), amount=MONEY)
    def appropriate(self, funder, amount):
        services.budget_appropriate(
            actor=self.actor,
            budget=self._budget(funder),
            amount_fen=amount,
            reference=self._next("appr"),
        )

    @rule(amount=MONEY)
    def allocate(self, amount):
        pool = self._budget("140000")
        before = pool.accounts.get(purpose=Purpose.AVAILABLE).spendable_fen
        try:
            services.budget_allocate(
                actor=self.actor,
                source=pool,
                to_region="140100",
                amount_fen=amount,
                reference=self._next("alloc"),
            )
        except services.InsufficientFunds:
            assert amount > before, "refused although the pool could cover it"

    @rule(
        province=AMOUNTS,
        city=AMOUNTS,
        day=st.integers(1, 28),
        excess=st.sampled_from(["wait", "reject", "carry_over"]),
        capped=st.booleans(),
    )
    def reserve(self, province, city, day, excess, capped):
        caps = [{"key": "applicant:A", "limit_fen": 6_000}] if capped else []
        services.claim_reserve(
            actor=self.actor,
            reference=self._next("claim"),
            region_code="140105",
            fiscal_year=self.year,
            shares={"province": province, "city": city},
            payee=services.Payee("applicant", "某企业", "6222****0001"),
            completed_at=at(day),
            excess=excess,
            caps=caps,
            family="shanxi",
        )

    def _release(self, data, status):
        refs = list(
            Claim.objects.filter(status=status).order_by("id").values_list("reference", flat=True)
        )
        try:
            services.claim_release(
                actor=self.actor, reference=data.draw(st.sampled_from(refs)), reason="撤回"
            )
        except Conflict:
            pass  # in payment at the bank: refused, and nothing may have moved

    @precondition(lambda self: Claim.objects.filter(status="reserved").exists())
    @rule(data=st.data())
    def release_reserved(self, data):
        self._release(data, "reserved")

    @precondition(lambda self: Claim.objects.filter(status="queued").exists())
    @rule(data=st.data())
    def withdraw_queued(self, data):
        self._release(data, "queued")

    @precondition(
        lambda self: ClaimShare.objects.filter(
            status__in=["reserved", "payable"], budget__region_code="140100"
        ).exists()
    )
    @rule(fail_first=st.booleans())
    def pay(self, fail_first):
        batch = services.batch_create(
            actor=self.actor,
            payer_region="140100",
            cadence="per_notice",
            period=self._next("notice"),
        )
        services.batch_export(actor=self.actor, batch=batch, fmt="csv")
        first = batch.lines.order_by("position").first()
        outcomes = {first.code: "失败"} if fail_first else {}
        content = result_csv(batch, outcomes)
        services.batch_import_results(
            actor=self.actor, batch=batch, filename="r.csv", content=content
        )
        services.batch_import_results(
            actor=self.actor, batch=batch, filename="r.csv", content=content
        )

    @precondition(lambda self: Claim.objects.filter(status="paid").exists())
    @rule(data=st.data(), amount=AMOUNTS)
    def recover(self, data, amount):
        claim = data.draw(st.sampled_from(list(Claim.objects.filter(status="paid").order_by("id"))))
        room = sum(s.amount_fen - s.recovered_fen for s in claim.shares.all())
        if room:
            services.claim_recover(
                actor=self.actor,
                reference=claim.reference,
                amount_fen=min(amount, room),
                recovery_reference=self._next("rec"),
                reason="追回",
            )

    @precondition(lambda self: self.year < 2028)
    @rule()
    def carry_over(self):
        self._open_year(self.year + 1)
        for budget in Budget.objects.filter(fiscal_year=self.year):
            services.budget_carry_over(
                actor=self.actor, budget=budget, reference=f"结转{self.year}"
            )
        self.year += 1

    @invariant()
    def ledger_verifies(self):
        report = ledger_verify()
        assert report.ok, (report.differences, report.problems)

    @invariant()
    def no_budget_is_negative(self):
        for account in Account.objects.filter(debits_must_not_exceed_credits=True):
            assert account.spendable_fen >= 0, account

    @invariant()
    def money_is_conserved(self):
        by = _sums()
        held = by["available_spendable"] + by["reserved"] + by["payable"] + by["paid"]
        assert held == by["appropriation"] + by["recovered"]

    @invariant()
    def claims_match_the_accounts(self):
        by = _sums()
        shares = ClaimShare.objects.all()
        assert sum(s.amount_fen for s in shares if s.status == "reserved") == by["reserved"]
        assert sum(s.amount_fen for s in shares if s.status == "payable") == by["payable"]
        assert sum(s.amount_fen for s in shares if s.status == "paid") == by["paid"]
        assert sum(s.recovered_fen for s in shares) == by["recovered"]
        assert (
            not PaymentLine.objects.filter(status="paid")
            .exclude(claim__shares__status="paid")
            .exists()
        )

    @invariant()
    def caps_count_exactly_the_live_claims(self):
        for counter in CapCounter.objects.all():
            live = [
                c
                for c in Claim.objects.filter(
                    status__in=["reserved", "paid"], fiscal_year=counter.fiscal_year
                )
                if c.caps
            ]
            assert counter.used_fen == sum(c.amount_fen for c in live) <= counter.limit_fen


def _sums() -> dict[str, int]:
    sums = dict.fromkeys(
        ["available_spendable", "reserved", "payable", "paid", "appropriation", "recovered"], 0
    )
    for a in Account.objects.all():
        if a.purpose == Purpose.AVAILABLE:
            sums["available_spendable"] += a.spendable_fen
            sums["reserved"] += a.debits_pending
        elif a.purpose in sums:
            sums[a.purpose] += a.balance_fen
    return sums


@pytest.mark.django_db
def test_random_operations_keep_the_ledger_provable():
    LedgerMachine.actor = make_user("fin_stateful", grants=[(Role.FINANCE_OFFICER, "140000")])
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
