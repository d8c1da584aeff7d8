"""Registry records: organisations, their real-name data, related parties and eligibility facts.

Fields and constraints only; every change goes through `registry.services`. Personal numbers
(ID numbers, bank accounts) are stored as three columns each — SM4-GCM ciphertext, HMAC-SM3
lookup hash and masked text — see `innovoucher.core.crypto`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovoucher.core.models import StatusChange
from innovoucher.policies.engine.vocabulary import PROVIDER_KINDS
from innovoucher.registry.domain import AFFILIATION_KINDS
from innovoucher.registry.labels import (
    AFFILIATION_KIND_LABELS,
    ID_KIND_LABELS,
    PROVIDER_KIND_LABELS,
)
from innovoucher.registry.states import (
    OPEN_FILING_STATUSES,
    ChangeStatus,
    FactStatus,
    RegistrationStatus,
)


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    TEAM = "team", _("创业（创客）团队")
    INDIVIDUAL = "individual", _("个人创新创业者")
    ORGANISATION = "organisation", _("社会组织等其他机构")
    INCUBATOR = "incubator", _("孵化载体")
    PROVIDER = "provider", _("服务机构")
    GOV_COUNTY = "gov_county", _("区县科技管理部门")
    GOV_CITY = "gov_city", _("市科技管理部门")
    GOV_PROVINCE = "gov_province", _("省（区）科技管理部门")
    FINANCE = "finance", _("财政部门")
    OPERATOR = "operator", _("平台运营机构")


# Kinds that register themselves; officials are created by the system administrator.
SELF_REGISTERED_KINDS = (
    OrganisationKind.ENTERPRISE,
    OrganisationKind.TEAM,
    OrganisationKind.INDIVIDUAL,
    OrganisationKind.ORGANISATION,
    OrganisationKind.INCUBATOR,
    OrganisationKind.PROVIDER,
)
OFFICIAL_KINDS = (
    OrganisationKind.GOV_COUNTY,
    OrganisationKind.GOV_CITY,
    OrganisationKind.GOV_PROVINCE,
    OrganisationKind.FINANCE,
    OrganisationKind.OPERATOR,
)
# Legal persons: credit code, business licence and legal representative are required.
LEGAL_PERSON_KINDS = (
    OrganisationKind.ENTERPRISE,
    OrganisationKind.ORGANISATION,
    OrganisationKind.INCUBATOR,
    OrganisationKind.PROVIDER,
)
# Kinds that may offer services and so carry a provider kind (a change filing may change it).
PROVIDER_KIND_HOLDERS = (OrganisationKind.PROVIDER, OrganisationKind.INCUBATOR)
# The `applicant.kind` of the quote request for each registrant kind.
QUOTE_KIND = {
    OrganisationKind.ENTERPRISE: "enterprise",
    OrganisationKind.TEAM: "team",
    OrganisationKind.INDIVIDUAL: "individual",
    OrganisationKind.ORGANISATION: "organisation",
    OrganisationKind.INCUBATOR: "organisation",
    OrganisationKind.PROVIDER: "organisation",
}
PROVIDER_KIND_CHOICES = list(PROVIDER_KIND_LABELS.items())
ID_KIND_CHOICES = list(ID_KIND_LABELS.items())


def _upload_to(folder: str, filename: str) -> str:
    # Random names: an upload's original name may contain personal data.
    return f"registry/{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def licence_path(instance, filename: str) -> str:
    return _upload_to("licences", filename)


def evidence_path(instance, filename: str) -> str:
    return _upload_to("evidence", filename)


def _choices_q(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [c.value if hasattr(c, "value") else c[0] for c in choices]})


class Organisation(models.Model):
    """A party or an official body, located by a GB/T 2260 region code."""

    name = models.CharField("名称", max_length=200)
    # Search keys of the name (`registry.search.name_search_keys`), written with every name.
    name_initials = models.CharField("名称拼音首字母", max_length=200, blank=True, editable=False)
    name_pinyin = models.CharField("名称全拼", max_length=800, blank=True, editable=False)
    kind = models.CharField("主体类型", max_length=16, choices=OrganisationKind.choices)
    provider_kind = models.CharField(
        "服务机构类型", max_length=32, blank=True, choices=PROVIDER_KIND_CHOICES
    )
    region_code = models.CharField("行政区划代码", max_length=6, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    host_incubator = models.ForeignKey(
        "self",
        verbose_name="入驻孵化载体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_teams",
    )
    licence = models.FileField("营业执照（登记证书）", upload_to=licence_path, blank=True)
    qualifications = models.TextField("资质情况", blank=True)
    service_scope = models.TextField("服务范围", blank=True)

    legal_rep_name = models.CharField("法定代表人（负责人）", max_length=60, blank=True)
    legal_rep_id_kind = models.CharField(
        "证件类型", max_length=20, blank=True, choices=ID_KIND_CHOICES
    )
    legal_rep_id_cipher = models.TextField(blank=True, editable=False)
    legal_rep_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    legal_rep_id_masked = models.CharField("证件号码", max_length=24, blank=True, editable=False)

    contact_name = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)

    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    bank_account_name = models.CharField("账户名称", max_length=200, blank=True)
    bank_account_cipher = models.TextField(blank=True, editable=False)
    bank_account_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bank_account_masked = models.CharField("银行账号", max_length=40, blank=True, editable=False)
    # When the registered account was reviewed (registration approval or an approved change
    # filing); money goes only to a verified account (`registry.payees`).
    bank_verified_at = models.DateTimeField("收款账户核验时间", null=True, blank=True)

    status = models.CharField(
        "登记状态",
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
    )
    submission_count = models.PositiveSmallIntegerField("提交次数", default=1)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间")

    class Meta:
        ordering = ["-id"]
        verbose_name = "主体"
        verbose_name_plural = "主体"
        indexes = [models.Index(fields=["status", "region_code"])]
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", RegistrationStatus), name="organisation_status_valid"
            ),
            models.CheckConstraint(
                condition=_choices_q("kind", OrganisationKind), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(provider_kind="") | Q(provider_kind__in=list(PROVIDER_KINDS)),
                name="organisation_provider_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.PROVIDER) | ~Q(provider_kind=""),
                name="organisation_provider_has_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.TEAM) | Q(host_incubator__isnull=False),
                name="organisation_team_has_host",
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="organisation_uscc_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_submitted(self) -> bool:
        return self.status == RegistrationStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == RegistrationStatus.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == RegistrationStatus.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == RegistrationStatus.REJECTED

    @property
    def is_official(self) -> bool:
        return self.kind in OFFICIAL_KINDS

    @property
    def party_key(self) -> str:
        """Node key in the related-party graph (see `registry.domain`)."""
        return f"uscc:{self.uscc}" if self.uscc else f"org:{self.pk}"


class RegistrationChange(StatusChange):
    """One status change of a registration: the history a resubmission keeps."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    to_status = models.CharField("新状态", max_length=32, choices=RegistrationStatus.choices)
    note = models.TextField("说明", blank=True)
    submission_no = models.PositiveSmallIntegerField("第几次提交", default=1)

    class Meta(StatusChange.Meta):
        verbose_name = "登记状态变更"
        verbose_name_plural = "登记状态变更"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("to_status", RegistrationStatus),
                name="registrationchange_status_valid",
            )
        ]

    @property
    def is_resubmission(self) -> bool:
        return self.action == "resubmit"


class PartyIdentity(models.Model):
    """A shareholder or controller: a natural person (by ID number) or an organisation (by credit
    code)."""

    class HolderType(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANISATION = "organisation", _("机构")

    holder_type = models.CharField("类型", max_length=12, choices=HolderType.choices)
    holder_name = models.CharField("名称（姓名）", max_length=200)
    holder_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    holder_id_kind = models.CharField(
        "证件类型", max_length=20, blank=True, choices=ID_KIND_CHOICES
    )
    holder_id_cipher = models.TextField(blank=True, editable=False)
    holder_id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    holder_id_masked = models.CharField("证件号码", max_length=24, blank=True, editable=False)
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        abstract = True

    @property
    def is_person(self) -> bool:
        return self.holder_type == self.HolderType.PERSON

    @property
    def holder_key(self) -> str:
        return (
            f"person:{self.holder_id_hash}"
            if self.holder_type == self.HolderType.PERSON
            else f"uscc:{self.holder_uscc}"
        )

    @property
    def holder_label(self) -> str:
        ident = (
            self.holder_id_masked
            if self.holder_type == self.HolderType.PERSON
            else self.holder_uscc
        )
        return f"{self.holder_name}（{ident}）"


def _identity_q() -> Q:
    person = Q(holder_type="person") & ~Q(holder_id_hash="") & Q(holder_uscc="")
    org = Q(holder_type="organisation") & ~Q(holder_uscc="") & Q(holder_id_hash="")
    return person | org


class Shareholder(PartyIdentity):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="shareholders"
    )
    stake_bp = models.PositiveIntegerField("持股比例（万分之一）")

    class Meta:
        ordering = ["-stake_bp", "id"]
        verbose_name = "股东"
        verbose_name_plural = "股东"
        constraints = [
            models.CheckConstraint(
                condition=Q(stake_bp__gt=0, stake_bp__lte=10000), name="shareholder_stake_range"
            ),
            models.CheckConstraint(condition=_identity_q(), name="shareholder_identity"),
        ]

    @property
    def stake_display(self) -> str:
        return f"{self.stake_bp // 100}.{self.stake_bp % 100:02d}"


class ActualController(PartyIdentity):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="controller"
    )
    basis = models.CharField("认定依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "实际控制人"
        verbose_name_plural = "实际控制人"
        constraints = [
            models.CheckConstraint(condition=_identity_q(), name="actualcontroller_identity")
        ]


class Director(PartyIdentity):
    """A director (董事) of an organisation, a natural person: Urumqi art. 20 spreads a ban to the
    entities its directors set up or control (see `supervision.selectors.spread_roots`)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="directors"
    )
    title = models.CharField("职务", max_length=20, default="董事")

    class Meta:
        ordering = ["id"]
        verbose_name = "董事"
        verbose_name_plural = "董事"
        constraints = [
            models.CheckConstraint(
                condition=Q(holder_type="person") & ~Q(holder_id_hash="") & Q(holder_uscc=""),
                name="director_is_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "holder_id_hash"], name="director_once_per_organisation"
            ),
        ]


class Affiliation(models.Model):
    """A declared 隶属 / 共建 / 参股 relation with another organisation (by credit code)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations"
    )
    kind = models.CharField(
        "关系类型", max_length=12, choices=list(AFFILIATION_KIND_LABELS.items())
    )
    counterpart_name = models.CharField("对方名称", max_length=200)
    counterpart_uscc = models.CharField("对方统一社会信用代码", max_length=18)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        ordering = ["id"]
        verbose_name = "关联关系"
        verbose_name_plural = "关联关系"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(AFFILIATION_KINDS)), name="affiliation_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "counterpart_uscc"], name="affiliation_unique"
            ),
        ]


class FactKind(models.TextChoices):
    EMPLOYEES = "employees", _("从业人数")
    ANNUAL_REVENUE = "annual_revenue", _("上年度营业收入")
    TECH_SME = "tech_sme", _("科技型中小企业入库")
    HIGH_TECH = "high_tech", _("高新技术企业")
    SPECIALIZED_SME = "specialized_sme", _("专精特新中小企业")
    INCUBATOR_RESIDENCY = "incubator_residency", _("入驻孵化载体")
    CREDIT_STATUS = "credit_status", _("信用状况良好")
    # Liaocheng art. 8 (3): declared by the firm or from official records; absent → a reviewer
    # checks
    NO_MAJOR_INCIDENT = (
        "no_major_incident",
        _("申报当年未发生重大安全、质量事故和严重环境违法、科研严重失信行为"),
    )
    # Shanxi art. 15: 晋创谷内企业可在全国范围内购买创新服务
    JINCHUANGGU = "jinchuanggu", _("入驻晋创谷创新驱动平台")


NUMERIC_FACTS = (FactKind.EMPLOYEES, FactKind.ANNUAL_REVENUE)
FLAG_FACTS = (
    FactKind.TECH_SME,
    FactKind.HIGH_TECH,
    FactKind.SPECIALIZED_SME,
    FactKind.INCUBATOR_RESIDENCY,
    FactKind.CREDIT_STATUS,
    FactKind.NO_MAJOR_INCIDENT,
    FactKind.JINCHUANGGU,
)


class EligibilityFact(models.Model):
    """A fact the policies read (employees, revenue in fen, qualifications, residency, credit),
    with its evidence and the dates it holds. The newest fact of a kind in force on a day wins."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField("事项", max_length=24, choices=FactKind.choices)
    amount = models.BigIntegerField("数值（人数；金额为分）", null=True, blank=True)
    flag = models.BooleanField("是否", null=True, blank=True)
    incubator_name = models.CharField("孵化载体名称", max_length=200, blank=True)
    evidence_file = models.FileField("证明材料", upload_to=evidence_path, blank=True)
    evidence_ref = models.CharField("证明文号或查询结果", max_length=200, blank=True)
    valid_from = models.DateField("起始日期")
    expires_on = models.DateField("有效期至")
    status = models.CharField(
        "核验状态", max_length=12, choices=FactStatus.choices, default=FactStatus.DECLARED
    )
    review_note = models.CharField("核验意见", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)

    class Meta:
        ordering = ["kind", "-valid_from", "-id"]
        verbose_name = "资格事实"
        verbose_name_plural = "资格事实"
        indexes = [models.Index(fields=["organisation", "kind", "expires_on"])]
        constraints = [
            models.CheckConstraint(condition=_choices_q("kind", FactKind), name="fact_kind_valid"),
            models.CheckConstraint(
                condition=_choices_q("status", FactStatus), name="fact_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("valid_from")), name="fact_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(evidence_file="") | ~Q(evidence_ref=""), name="fact_has_evidence"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[k.value for k in NUMERIC_FACTS],
                        amount__isnull=False,
                        amount__gte=0,
                        flag__isnull=True,
                    )
                )
                | (
                    Q(
                        kind__in=[k.value for k in FLAG_FACTS],
                        flag__isnull=False,
                        amount__isnull=True,
                    )
                ),
                name="fact_value_shape",
            ),
        ]

    @property
    def is_declared(self) -> bool:
        return self.status == FactStatus.DECLARED

    @property
    def is_rejected(self) -> bool:
        return self.status == FactStatus.REJECTED


# Registered data a change filing (变更备案) may change, with its label. The legal representative's
# ID number is sealed like at registration; the credit code and the kind never change.
FILING_FIELDS = {
    "name": _("名称"),
    "legal_rep_name": _("法定代表人（负责人）"),
    "legal_rep_id_number": _("法定代表人（负责人）证件号码"),
    "address": _("住所"),
    "region_code": _("所在地区代码"),
    "contact_name": _("联系人"),
    "contact_phone": _("联系电话"),
    "contact_email": _("电子邮箱"),
    "provider_kind": _("服务机构类型"),
    "qualifications": _("资质情况"),
    "service_scope": _("服务范围"),
    "bank_name": _("开户银行"),
    "bank_account_name": _("账户名称"),
    "bank_account_number": _("银行账号"),
}
# The items of a change of the receiving account: filed together, reviewed before money goes there.
BANK_FILING_FIELDS = ("bank_name", "bank_account_name", "bank_account_number")


def filing_evidence_path(instance, filename: str) -> str:
    return _upload_to("filings", filename)


class ChangeFiling(models.Model):
    """A change of a registered party's data, filed with evidence (e.g. Urumqi art. 8: an admitted
    provider files every change) and reviewed by the registration reviewer of its region. Approval
    applies `changes` to the organisation and keeps the values it replaced in `previous`."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="change_filings", verbose_name="主体"
    )
    status = models.CharField(
        "状态", max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED
    )
    changes = models.JSONField("变更事项（新值）", default=dict)
    previous = models.JSONField("变更前的值", default=dict, blank=True)
    legal_rep_id_kind = models.CharField(
        "新证件类型", max_length=20, blank=True, choices=ID_KIND_CHOICES
    )
    legal_rep_id_cipher = models.TextField(blank=True, editable=False)
    legal_rep_id_hash = models.CharField(max_length=64, blank=True, editable=False)
    legal_rep_id_masked = models.CharField("新证件号码", max_length=24, blank=True, editable=False)
    bank_account_cipher = models.TextField(blank=True, editable=False)
    bank_account_hash = models.CharField(max_length=64, blank=True, editable=False)
    bank_account_masked = models.CharField("新银行账号", max_length=40, blank=True, editable=False)
    reason = models.TextField("变更事由")
    evidence = models.FileField("证明材料", upload_to=filing_evidence_path)
    reasons = models.JSONField("审核意见", default=list, blank=True)
    submission_count = models.PositiveSmallIntegerField("提交次数", default=1)
    submitted_at = models.DateTimeField("提交时间")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = "变更备案"
        verbose_name_plural = "变更备案"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("status", ChangeStatus), name="changefiling_status_valid"
            ),
            models.CheckConstraint(condition=~Q(evidence=""), name="changefiling_has_evidence"),
            models.CheckConstraint(condition=~Q(changes={}), name="changefiling_changes_something"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=_choices_q("status", OPEN_FILING_STATUSES),
                name="changefiling_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · 变更备案 {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ChangeStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == ChangeStatus.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == ChangeStatus.APPROVED


class ChangeFilingEvent(StatusChange):
    """One status change of a change filing. Its reverse name stays `events`: `ChangeFiling.changes`
    is the filed data."""

    filing = models.ForeignKey(ChangeFiling, on_delete=models.CASCADE, related_name="events")
    to_status = models.CharField("新状态", max_length=32, choices=ChangeStatus.choices)
    note = models.TextField("说明", blank=True)

    class Meta(StatusChange.Meta):
        verbose_name = "变更备案记录"
        verbose_name_plural = "变更备案记录"
        constraints = [
            models.CheckConstraint(
                condition=_choices_q("to_status", ChangeStatus),
                name="changefilingevent_status_valid",
            )
        ]
