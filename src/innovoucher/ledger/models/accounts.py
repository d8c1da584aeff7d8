"""Budgets, accounts and transfers: the double-entry, append-only core of the ledger."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_noop


class FunderLevel(models.TextChoices):
    PROVINCE = "province", gettext_noop("省级")
    CITY = "city", gettext_noop("市级")
    COUNTY = "county", gettext_noop("县级")


class BudgetLine(models.TextChoices):
    VOUCHERS = "vouchers", gettext_noop("创新券兑付")
    PROVIDER_SUBSIDIES = "provider_subsidies", gettext_noop("服务机构补助")
    OPERATING_COSTS = "operating_costs", gettext_noop("运营经费")


class Purpose(models.TextChoices):
    APPROPRIATION = "appropriation", gettext_noop("财政拨款（来源）")
    AVAILABLE = "available", gettext_noop("可用额度")
    PAYABLE = "payable", gettext_noop("应付（已下达支付）")
    PAID = "paid", gettext_noop("已支付")
    RECOVERED = "recovered", gettext_noop("追回资金（来源）")


class Budget(models.Model):
    """A funder's money for one fiscal year and one purpose line, held at a region.

    `funder_region` says whose money it is (140000: Shanxi province); `region_code` says where
    it is held and spent from: the funder's own region for its undistributed pool, or a city
    it was allocated to (province → city, Shanxi art. 20).
    """

    funder_level = models.CharField("出资层级", max_length=8, choices=FunderLevel.choices)
    funder_region = models.CharField("出资方区划", max_length=6)
    region_code = models.CharField("资金所在区划", max_length=6, db_index=True)
    fiscal_year = models.PositiveSmallIntegerField("预算年度")
    line = models.CharField(
        "预算科目", max_length=24, choices=BudgetLine.choices, default=BudgetLine.VOUCHERS
    )
    name = models.CharField("名称", max_length=120)
    created_at = models.DateTimeField("设立时间")

    class Meta:
        ordering = ["fiscal_year", "funder_region", "region_code", "line"]
        verbose_name = "预算"
        verbose_name_plural = "预算"
        constraints = [
            models.UniqueConstraint(
                fields=["funder_region", "region_code", "fiscal_year", "line"],
                name="ledger_budget_unique",
            ),
            models.CheckConstraint(
                condition=Q(funder_level__in=FunderLevel.values), name="ledger_budget_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(line__in=BudgetLine.values), name="ledger_budget_line_valid"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="ledger_budget_year_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年 {self.name}"

    @property
    def is_pool(self) -> bool:
        return self.region_code == self.funder_region


class Account(models.Model):
    """One account of a budget. Balances in fen; they change only through transfers.

    With `debits_must_not_exceed_credits` the database refuses any state where
    debits_pending + debits_posted > credits_posted (TigerBeetle's flag of the same name).
    """

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="accounts")
    purpose = models.CharField("用途", max_length=16, choices=Purpose.choices)
    debits_must_not_exceed_credits = models.BooleanField("不得透支（借方≤贷方）", default=False)
    credits_must_not_exceed_debits = models.BooleanField("贷方≤借方", default=False)
    debits_pending = models.BigIntegerField("借方（待定）", default=0)
    debits_posted = models.BigIntegerField("借方（已过账）", default=0)
    credits_pending = models.BigIntegerField("贷方（待定）", default=0)
    credits_posted = models.BigIntegerField("贷方（已过账）", default=0)

    class Meta:
        ordering = ["budget_id", "purpose"]
        verbose_name = "账户"
        verbose_name_plural = "账户"
        constraints = [
            models.UniqueConstraint(fields=["budget", "purpose"], name="ledger_account_unique"),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="ledger_account_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(debits_pending__gte=0) & Q(debits_posted__gte=0),
                name="ledger_account_debits_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(credits_pending__gte=0) & Q(credits_posted__gte=0),
                name="ledger_account_credits_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(debits_must_not_exceed_credits=False)
                | Q(debits_pending__lte=F("credits_posted") - F("debits_posted")),
                name="ledger_account_no_overdraft",
            ),
            models.CheckConstraint(
                condition=Q(credits_must_not_exceed_debits=False)
                | Q(credits_pending__lte=F("debits_posted") - F("credits_posted")),
                name="ledger_account_credit_limit",
            ),
            models.CheckConstraint(
                condition=~(
                    Q(debits_must_not_exceed_credits=True) & Q(credits_must_not_exceed_debits=True)
                ),
                name="ledger_account_one_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.get_purpose_display()}"

    @property
    def balance_fen(self) -> int:
        """Posted balance on the account's normal side (credit-normal unless a source)."""
        if self.purpose in (Purpose.APPROPRIATION, Purpose.RECOVERED):
            return self.debits_posted - self.credits_posted
        return self.credits_posted - self.debits_posted

    @property
    def spendable_fen(self) -> int:
        return self.credits_posted - self.debits_posted - self.debits_pending


class TransferKind(models.TextChoices):
    SINGLE = "single", gettext_noop("直接过账")
    PENDING = "pending", gettext_noop("预留（待定）")
    POST = "post", gettext_noop("确认过账")
    VOID = "void", gettext_noop("撤销预留")


class TransferCode(models.TextChoices):
    APPROPRIATE = "appropriate", gettext_noop("财政下达")
    ALLOCATE = "allocate", gettext_noop("分配下拨")
    RESERVE = "reserve", gettext_noop("预留")
    POST = "post", gettext_noop("下达支付")
    VOID = "void", gettext_noop("释放预留")
    PAY = "pay", gettext_noop("支付到账")
    RECOVER = "recover", gettext_noop("追回")
    CARRY_OVER = "carry_over", gettext_noop("结转")
    CORRECTION = "correction", gettext_noop("更正")


class Transfer(models.Model):
    """One immutable movement of money: exactly one debit and one credit account.

    Kinds follow TigerBeetle's two-phase model: `single` posts at once; `pending` holds the
    amount (debits_pending / credits_pending) until one `post` or `void` resolves it. The
    unique `pending` column makes "resolved at most once" a database fact. The unique `key`
    makes every write idempotent. Nothing is updated or deleted (a trigger refuses it).
    """

    Kind = TransferKind
    Code = TransferCode

    key = models.CharField("幂等键", max_length=160, unique=True)
    debit_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="debit_transfers", verbose_name="借方账户"
    )
    credit_account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="credit_transfers", verbose_name="贷方账户"
    )
    amount_fen = models.BigIntegerField("金额（分）")
    kind = models.CharField(
        "类型", max_length=8, choices=TransferKind.choices, default=TransferKind.SINGLE
    )
    code = models.CharField("业务代码", max_length=16, choices=TransferCode.choices)
    pending = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="对应预留",
    )
    reference = models.CharField("业务编号", max_length=120, db_index=True)
    memo = models.CharField("摘要", max_length=200, blank=True)
    actor_label = models.CharField("经办", max_length=150, blank=True)
    created_at = models.DateTimeField("记账时间", db_index=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "转账分录"
        verbose_name_plural = "转账分录"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0), name="ledger_transfer_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(debit_account=F("credit_account")), name="ledger_transfer_two_accounts"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TransferKind.values), name="ledger_transfer_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(code__in=TransferCode.values), name="ledger_transfer_code_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["post", "void"]) & Q(pending__isnull=False))
                | (Q(kind__in=["single", "pending"]) & Q(pending__isnull=True)),
                name="ledger_transfer_pending_link",
            ),
            models.UniqueConstraint(fields=["pending"], name="ledger_transfer_resolved_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_code_display()} {self.amount_fen}分 {self.reference}"

    @property
    def is_pending(self) -> bool:
        return self.kind == TransferKind.PENDING

    @property
    def is_void(self) -> bool:
        return self.kind == TransferKind.VOID
