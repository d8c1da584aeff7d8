"""Demo money for 2026, created through the ledger services with the clock moved through the year.

Finance officers for each seed region (the registry demo creates `<family>-finance`; this step
creates any that are missing, plus Shandong province and Taiyuan city); annual budgets for
each seed policy's funders; Shanxi's province → city allocations (art. 20, 1 : 1 shares);
Ningxia's county top-up; Urumqi's three budget lines (art. 4); Shaoxing's district budgets;
a year of approvals, monthly payment batches with one failed line paid the next month, a
clawback, and a small Changzhi budget whose excess approvals wait in the queue (兑完为止).
Idempotent: every write is keyed by a reference. `innovoucher ledger verify` passes after it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from innovoucher.accounts.models import RoleAssignment
from innovoucher.accounts.roles import Role
from innovoucher.accounts.services import assign_role, create_user_record
from innovoucher.core import clock
from innovoucher.core.demo_accounts import DEMO_PASSWORD, register
from innovoucher.ledger import services
from innovoucher.ledger.models import Budget, PaymentBatch
from innovoucher.core.errors import ValidationFailed
from innovoucher.ledger.bankfiles import render_results

YEAR = 2026
Y = 100  # fen per yuan: amounts below are written in yuan for reading
OFFICERS = [  # username, region, display name, description
    ("shanxi-finance", "140000", "山西省财政厅经办人", "山西省财政厅 财政部门经办人"),
    ("taiyuan-finance", "140100", "太原市财政局经办人", "太原市财政局 财政部门经办人（仅见太原市）"),
    ("shandong-finance", "370000", "山东省财政厅经办人", "山东省财政厅 财政部门经办人"),
    ("liaocheng-finance", "371500", "聊城市财政局经办人", "聊城市财政局 财政部门经办人"),
    ("ningxia-finance", "640000", "宁夏回族自治区财政厅经办人", "宁夏回族自治区财政厅 财政部门经办人"),
    ("urumqi-finance", "650100", "乌鲁木齐市财政局经办人", "乌鲁木齐市财政局 财政部门经办人"),
    ("shaoxing-finance", "330600", "绍兴市财政局经办人", "绍兴市财政局 财政部门经办人"),
]
# (officer, funder, line, yuan, reference, day)
APPROPRIATIONS = [
    ("shanxi-finance", "140000", "vouchers", 30_000_000, "晋财教〔2026〕8号", dt.date(2026, 1, 20)),
    ("taiyuan-finance", "140100", "vouchers", 8_000_000, "并财教〔2026〕3号", dt.date(2026, 2, 10)),
    ("shanxi-finance", "140200", "vouchers", 3_000_000, "同财教〔2026〕5号", dt.date(2026, 2, 12)),
    ("shanxi-finance", "140400", "vouchers", 600_000, "长财教〔2026〕2号", dt.date(2026, 2, 15)),
    ("shandong-finance", "370000", "vouchers", 10_000_000, "鲁财科〔2026〕11号", dt.date(2026, 1, 25)),
    ("liaocheng-finance", "371500", "vouchers", 5_000_000, "聊财教〔2026〕4号", dt.date(2026, 2, 20)),
    ("ningxia-finance", "640000", "vouchers", 20_000_000, "宁财教〔2026〕6号", dt.date(2026, 1, 18)),
    ("ningxia-finance", "640000", "provider_subsidies", 3_000_000, "宁财教〔2026〕7号", dt.date(2026, 1, 18)),
    ("ningxia-finance", "640000", "operating_costs", 1_000_000, "宁财教〔2026〕7号", dt.date(2026, 1, 18)),
    ("ningxia-finance", "640104", "vouchers", 500_000, "兴财〔2026〕1号（区级配套）", dt.date(2026, 3, 2)),
    ("urumqi-finance", "650100", "vouchers", 10_000_000, "乌财教〔2026〕9号", dt.date(2026, 2, 1)),
    ("urumqi-finance", "650100", "provider_subsidies", 2_000_000, "乌财教〔2026〕9号", dt.date(2026, 2, 1)),
    ("urumqi-finance", "650100", "operating_costs", 800_000, "乌财教〔2026〕9号", dt.date(2026, 2, 1)),
    ("shaoxing-finance", "330602", "vouchers", 3_000_000, "越财〔2026〕2号", dt.date(2026, 2, 5)),
    ("shaoxing-finance", "330603", "vouchers", 3_000_000, "柯财〔2026〕3号", dt.date(2026, 2, 6)),
    ("shaoxing-finance", "330604", "vouchers", 2_000_000, "虞财〔2026〕2号", dt.date(2026, 2, 8)),
]
ALLOCATIONS = [  # Shanxi art. 20: the province allocates its share to the cities
    ("140100", 8_000_000, "晋科发〔2026〕12号-太原"), ("140200", 3_000_000, "晋科发〔2026〕12号-大同"), ("140400", 1_000_000, "晋科发〔2026〕12号-长治"),
]
# (family, applicant region, shares level → yuan, payee kind, excess, months with one approval each)
CLAIM_SERIES = [
    ("shanxi", "140105", {"province": 60_000, "city": 60_000}, "applicant", "wait", range(3, 12)),
    ("shanxi", "140403", {"province": 150_000, "city": 150_000}, "applicant", "wait", range(4, 10)),
    ("liaocheng", "371502", {"province": 90_000, "city": 45_000}, "applicant", "wait", range(3, 11)),
    ("ningxia", "640104", {"province": 110_000}, "provider", "carry_over", range(2, 12)),
    ("urumqi", "650102", {"city": 80_000}, "applicant", "reject", range(4, 11)),
    ("shaoxing", "330602", {"county": 35_000}, "provider", "wait", range(3, 12)),
]
OFFICER_OF = {"shanxi": "taiyuan-finance", "liaocheng": "liaocheng-finance", "ningxia": "ningxia-finance", "urumqi": "urumqi-finance", "shaoxing": "shaoxing-finance"}
# (paying office, officer, cadence, months paid): Liaocheng pays the province share monthly, its own quarterly (art. 20)
PAYERS = [
    ("140100", "taiyuan-finance", "monthly", range(4, 12)), ("370000", "shandong-finance", "monthly", range(4, 12)),
    ("371500", "liaocheng-finance", "quarterly", (6, 9)), ("640000", "ningxia-finance", "monthly", range(3, 12)),
    ("650100", "urumqi-finance", "monthly", range(5, 12)), ("330602", "shaoxing-finance", "monthly", range(4, 12)),
]
FAILED = ("140100", 6)  # a line of Taiyuan's June batch bounces, and is paid in July


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Demo:
    def __init__(self) -> None:
        self.password_hash = make_password(DEMO_PASSWORD)
        self.users = {}

    def officers(self) -> None:
        User = get_user_model()
        for username, region, name, description in OFFICERS:
            user = User.objects.filter(username=username).first()
            if user is None:  # the registry demo makes `<family>-finance`; the others are made here
                user = create_user_record(username=username, password="", display_name=name, password_hash=self.password_hash)
            register(username, description)  # same text as the registry demo's, so listed once
            if not RoleAssignment.objects.filter(user=user, role=Role.FINANCE_OFFICER, region_code=region, active=True).exists():
                assign_role(actor=None, user=user, role=Role.FINANCE_OFFICER, region_code=region)
            self.users[username] = user

    def budgets(self) -> None:
        for officer, funder, line, yuan, reference, day in APPROPRIATIONS:
            with clock.frozen_now(_moment(day)):
                budget = services.budget_open(actor=self.users[officer], funder_region=funder, fiscal_year=YEAR, line=line)
                services.budget_appropriate(actor=self.users[officer], budget=budget, amount_fen=yuan * Y, reference=reference)
        pool = Budget.objects.get(funder_region="140000", region_code="140000", fiscal_year=YEAR, line="vouchers")
        for region, yuan, reference in ALLOCATIONS:
            with clock.frozen_now(_moment(dt.date(2026, 3, 1))):
                services.budget_allocate(actor=self.users["shanxi-finance"], source=pool, to_region=region, amount_fen=yuan * Y, reference=reference)

    def year(self, progress) -> None:
        """Month by month: the month's approvals, then the month's payment batches."""
        for month in range(2, 12):
            for n, series in enumerate(CLAIM_SERIES):
                if month in series[-1]:
                    self._claim(n, month, *series[:-1])
                    progress.advance()
            for payer, officer, cadence, months in PAYERS:
                if month in months:
                    self._batch(self.users[officer], payer, cadence, month)

    def _claim(self, n, month, family, region, shares, payee_kind, excess) -> None:
        day = dt.date(YEAR, month, 8 + n)
        name = f"{'示范检测服务中心' if payee_kind == 'provider' else '示范科技有限公司'}{n + 1}-{month:02d}"
        payee = services.Payee(payee_kind, name, f"6222****{1000 + 37 * n + month:04d}")
        with clock.frozen_now(_moment(day, 15)):
            services.claim_reserve(
                actor=self.users[OFFICER_OF[family]], reference=f"demo:{family}:{region}:{month:02d}", region_code=region, fiscal_year=YEAR,
                shares={k: v * Y for k, v in shares.items()}, payee=payee, completed_at=_moment(day - dt.timedelta(days=20)),
                excess=excess, family=family, caps=[{"key": f"applicant:{name}", "limit_fen": 500_000 * Y}],
            )

    def _batch(self, officer, payer: str, cadence: str, month: int) -> None:
        period = f"{YEAR}-Q{(month - 1) // 3 + 1}" if cadence == "quarterly" else f"{YEAR}-{month:02d}"
        batch = PaymentBatch.objects.filter(payer_region=payer, cadence=cadence, period=period).first()
        if batch is not None and batch.status == PaymentBatch.Status.RECONCILED:
            return
        with clock.frozen_now(_moment(dt.date(YEAR, month, 25))):
            try:
                batch = batch or services.batch_create(actor=officer, payer_region=payer, cadence=cadence, period=period)
            except ValidationFailed:
                return  # nothing to pay this month
            services.batch_export(actor=officer, batch=batch, fmt="csv")
        fail = (payer, month) == FAILED
        rows = [(line.code, not (fail and line.position == 1), f"DEMO{line.pk:08d}", "收款账户户名不符") for line in batch.lines.order_by("position")]
        with clock.frozen_now(_moment(dt.date(YEAR, month, 28))):
            services.batch_import_results(actor=officer, batch=batch, filename="bank-result.csv", content=render_results(rows))

    def clawback(self) -> None:
        with clock.frozen_now(_moment(dt.date(YEAR, 9, 15))):
            services.claim_recover(actor=self.users["taiyuan-finance"], reference="demo:shanxi:140105:03", amount_fen=30_000 * Y,
                                   recovery_reference="并科监〔2026〕4号", reason="抽查发现服务合同金额虚增，追回部分补助")


def _ledger_demo(progress) -> None:
    demo = _Demo()
    progress.total(sum(len(series[-1]) for series in CLAIM_SERIES) + 4)
    demo.officers()
    progress.advance()
    demo.budgets()
    progress.advance()
    demo.year(progress)
    progress.advance()
    demo.clawback()
    progress.advance()


DEMO_STEPS = [(60, "资金账本：各地预算、兑付、支付批次与追回", _ledger_demo)]
