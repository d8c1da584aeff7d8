"""Demo money for 2026, created through the ledger services with the clock moved through the year.

Finance officers for each seed region (the registry demo creates `<family>-finance`; this step
creates any that are missing, plus Shandong province and Taiyuan city); annual budgets for
each seed policy's funders; Shanxi's province → city allocations (art. 20, 1 : 1 shares);
Ningxia's county top-up; Urumqi's three budget lines (art. 4); Shaoxing's district budgets.
The year's approvals, payment batches (one bounced line paid the next month) and a clawback are
made by the lifecycle simulation (`simulation/demo.py`) through the redemption services.
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
from innovoucher.ledger.models import Budget

YEAR = 2026
Y = 100  # fen per yuan: amounts below are written in yuan for reading
OFFICERS = [  # username, region, display name, description
    ("shanxi-finance", "140000", "山西省财政厅经办人", "山西省财政厅 财政部门经办人"),
    (
        "taiyuan-finance",
        "140100",
        "太原市财政局经办人",
        "太原市财政局 财政部门经办人（仅见太原市）",
    ),
    ("shandong-finance", "370000", "山东省财政厅经办人", "山东省财政厅 财政部门经办人"),
    ("liaocheng-finance", "371500", "聊城市财政局经办人", "聊城市财政局 财政部门经办人"),
    (
        "ningxia-finance",
        "640000",
        "宁夏回族自治区财政厅经办人",
        "宁夏回族自治区财政厅 财政部门经办人",
    ),
    ("urumqi-finance", "650100", "乌鲁木齐市财政局经办人", "乌鲁木齐市财政局 财政部门经办人"),
    ("shaoxing-finance", "330600", "绍兴市财政局经办人", "绍兴市财政局 财政部门经办人"),
]
# (officer, funder, line, yuan, reference, day)
APPROPRIATIONS = [
    ("shanxi-finance", "140000", "vouchers", 30_000_000, "晋财教〔2026〕8号", dt.date(2026, 1, 20)),
    ("taiyuan-finance", "140100", "vouchers", 8_000_000, "并财教〔2026〕3号", dt.date(2026, 2, 10)),
    ("shanxi-finance", "140200", "vouchers", 3_000_000, "同财教〔2026〕5号", dt.date(2026, 2, 12)),
    ("shanxi-finance", "140400", "vouchers", 600_000, "长财教〔2026〕2号", dt.date(2026, 2, 15)),
    (
        "shandong-finance",
        "370000",
        "vouchers",
        10_000_000,
        "鲁财科〔2026〕11号",
        dt.date(2026, 1, 25),
    ),
    (
        "liaocheng-finance",
        "371500",
        "vouchers",
        5_000_000,
        "聊财教〔2026〕4号",
        dt.date(2026, 2, 20),
    ),
    (
        "ningxia-finance",
        "640000",
        "vouchers",
        20_000_000,
        "宁财教〔2026〕6号",
        dt.date(2026, 1, 18),
    ),
    (
        "ningxia-finance",
        "640000",
        "provider_subsidies",
        3_000_000,
        "宁财教〔2026〕7号",
        dt.date(2026, 1, 18),
    ),
    (
        "ningxia-finance",
        "640000",
        "operating_costs",
        1_000_000,
        "宁财教〔2026〕7号",
        dt.date(2026, 1, 18),
    ),
    (
        "ningxia-finance",
        "640104",
        "vouchers",
        500_000,
        "兴财〔2026〕1号（区级配套）",
        dt.date(2026, 3, 2),
    ),
    ("urumqi-finance", "650100", "vouchers", 10_000_000, "乌财教〔2026〕9号", dt.date(2026, 2, 1)),
    (
        "urumqi-finance",
        "650100",
        "provider_subsidies",
        2_000_000,
        "乌财教〔2026〕9号",
        dt.date(2026, 2, 1),
    ),
    (
        "urumqi-finance",
        "650100",
        "operating_costs",
        800_000,
        "乌财教〔2026〕9号",
        dt.date(2026, 2, 1),
    ),
    ("shaoxing-finance", "330602", "vouchers", 3_000_000, "越财〔2026〕2号", dt.date(2026, 2, 5)),
    ("shaoxing-finance", "330603", "vouchers", 3_000_000, "柯财〔2026〕3号", dt.date(2026, 2, 6)),
    ("shaoxing-finance", "330604", "vouchers", 2_000_000, "虞财〔2026〕2号", dt.date(2026, 2, 8)),
]
ALLOCATIONS = [  # Shanxi art. 20: the province allocates its share to the cities
    ("140100", 8_000_000, "晋科发〔2026〕12号-太原"),
    ("140200", 3_000_000, "晋科发〔2026〕12号-大同"),
    ("140400", 1_000_000, "晋科发〔2026〕12号-长治"),
]


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
                user = create_user_record(
                    username=username,
                    password="",
                    display_name=name,
                    password_hash=self.password_hash,
                )
            register(username, description)  # same text as the registry demo's, so listed once
            if not RoleAssignment.objects.filter(
                user=user, role=Role.FINANCE_OFFICER, region_code=region, active=True
            ).exists():
                assign_role(actor=None, user=user, role=Role.FINANCE_OFFICER, region_code=region)
            self.users[username] = user

    def budgets(self) -> None:
        for officer, funder, line, yuan, reference, day in APPROPRIATIONS:
            with clock.frozen_now(_moment(day)):
                budget = services.budget_open(
                    actor=self.users[officer], funder_region=funder, fiscal_year=YEAR, line=line
                )
                services.budget_appropriate(
                    actor=self.users[officer],
                    budget=budget,
                    amount_fen=yuan * Y,
                    reference=reference,
                )
        pool = Budget.objects.get(
            funder_region="140000", region_code="140000", fiscal_year=YEAR, line="vouchers"
        )
        for region, yuan, reference in ALLOCATIONS:
            with clock.frozen_now(_moment(dt.date(2026, 3, 1))):
                services.budget_allocate(
                    actor=self.users["shanxi-finance"],
                    source=pool,
                    to_region=region,
                    amount_fen=yuan * Y,
                    reference=reference,
                )


def _ledger_demo(progress) -> None:
    demo = _Demo()
    progress.total(2)
    demo.officers()
    progress.advance()
    demo.budgets()
    progress.advance()


DEMO_STEPS = [(60, "资金账本：各地预算与下达", _ledger_demo)]
