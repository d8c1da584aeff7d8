"""One service's path through a voucher scheme, step by step, through the services only:

    voucher (per the policy's issuance mode) → order → standard contract (Ningxia) → delivery →
    settlement with one-click deduction where the policy deducts at checkout → rating →
    redemption by the party the policy names → provider confirmation (where required) →
    every review step of the pinned chain → publicity → 批复 → reservation → payment batch → paid.

Used by the journey tests (which assert after each step) and by `innovoucher demo` (which stops
journeys at different steps so the platform opens with real queues). Nothing here branches on
a policy's name: what differs is read from the policy version (`process`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovoucher.core import clock
from innovoucher.core.steps import run_tick
from innovoucher.ledger import services as ledger
from innovoucher.ledger.bankfiles import render_results
from innovoucher.ledger.models import PaymentBatch
from innovoucher.orders.policy import contract_review
from innovoucher.orders.services import contracts, ordering, ratings
from innovoucher.orders.states import OrderStatus
from innovoucher.policies.services import engine_version, policy_version_for
from innovoucher.redemptions.models import Redemption, ReviewStep
from innovoucher.redemptions.services import calls, resubmission, review, submission
from innovoucher.redemptions.states import RedemptionStatus, StepStatus
from innovoucher.vouchers import domain as voucher_domain
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.models import Voucher

PDF = b"%PDF-1.4\n% journey document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Cast:
    """Who plays each part: users by role and the two parties."""

    family: str
    client: object
    client_user: object
    provider: object
    provider_user: object
    officials: dict  # level -> user (county, city, province, agency, expert, meeting)
    finance: dict  # payer region -> finance officer
    incubator_user: object | None = None


@dataclass
class Journey:
    cast: Cast
    amount: str = "100000.00"
    subject: str = "检测服务"
    invoice_number: str = ""
    order: object = None
    redemption: Redemption | None = None
    voucher: Voucher | None = None
    log: list = field(default_factory=list)

    # --- policy ------------------------------------------------------------------------------

    @property
    def family(self) -> str:
        return self.cast.family

    def version(self, on: dt.date | None = None):
        row = policy_version_for(family_slug=self.family, on=on or clock.today())
        return engine_version(row)

    def process(self, key: str, on: dt.date | None = None):
        cited = self.version(on).process.get(key)
        return cited.value if cited else None

    # --- voucher and order ----------------------------------------------------------------------

    def obtain_voucher(self) -> Voucher | None:
        """The voucher the policy's issuing route gives: claimed online (Shaoxing, Shanxi), the
        automatic yearly quota (Urumqi), the membership right (Liaocheng); Ningxia's comes with
        the approved standard contract (see `contract`)."""
        route = voucher_domain.issuance_route(self.version())
        year = clock.today().year
        if route == voucher_domain.CLAIM:
            held = Voucher.objects.filter(
                holder=self.cast.client,
                family_slug=self.family,
                fiscal_year=year,
                contract__isnull=True,
                status__in=["issued", "reserved"],
            ).first()
            self.voucher = held or vouchers.voucher_claim(
                actor=self.cast.client_user, holder=self.cast.client, family=self.family
            )
        elif route == voucher_domain.AUTOMATIC:
            vouchers.vouchers_issue_automatic(
                actor=None, family=self.family, year=year, system=True
            )
            self.voucher = Voucher.objects.filter(
                holder=self.cast.client, family_slug=self.family, fiscal_year=year
            ).first()
        elif route == voucher_domain.MEMBERSHIP:
            self.voucher = vouchers.voucher_grant_membership(
                actor=None, holder=self.cast.client, family=self.family, system=True
            )
        return self.voucher

    def place(self, service) -> object:
        use_voucher = (
            self.voucher
            if self.voucher is not None and self.process("deduction_at_checkout") == "always"
            else None
        )
        self.order = ordering.order_place(
            actor=self.cast.client_user,
            client=self.cast.client,
            service=service,
            family=self.family,
            subject=self.subject,
            contract_amount=self.amount,
            voucher=use_voucher,
        )
        return self.order

    def accept(self):
        self.order = ordering.order_accept(actor=self.cast.provider_user, order=self.order)
        return self.order

    def contract(self, *, return_once: bool = False):
        """Ningxia: the standard contract form, automatic first check and the agency's review."""
        data = contracts.contract_initial(self.order)
        data.deliverables = data.deliverables or "检测报告一份"
        contract = contracts.contract_save(actor=self.cast.client_user, order=self.order, data=data)
        contract = contracts.contract_submit(actor=self.cast.client_user, contract=contract)
        level = contract_review(self.version())[0].get("level", "county")  # Ningxia: the agency
        reviewer = self.cast.officials.get(level) or self.cast.officials["county"]
        if return_once:
            contract = contracts.contract_return(
                actor=reviewer, contract=contract, reasons=["请补充交付成果的验收标准"]
            )
            data.deliverables = "检测报告一份；验收标准：出具加盖CMA章的检测报告"
            contract = contracts.contract_save(
                actor=self.cast.client_user, order=self.order, data=data
            )
            contract = contracts.contract_submit(actor=self.cast.client_user, contract=contract)
        contract = contracts.contract_approve(actor=reviewer, contract=contract)
        self.voucher = Voucher.objects.get(contract=contract)
        self.order.refresh_from_db()
        return contract

    def deliver(self, on: dt.date | None = None):
        self.order = ordering.order_deliver(
            actor=self.cast.provider_user, order=self.order, delivered_on=on
        )
        return self.order

    def settle(self):
        self.order = ordering.order_settle(actor=self.cast.client_user, order=self.order)
        return self.order

    def rate(self, score: int = 5):
        return ratings.rating_submit(
            actor=self.cast.client_user,
            order=self.order,
            score=score,
            quality=score,
            timeliness=max(score - 1, 1),
            comment="服务规范，报告及时",
        )

    # --- redemption
    # --------------------------------------------------------------------------------

    def ensure_call(self, publisher) -> None:
        """Where the policy works by notice or monthly cycle, make sure a window is open today."""
        version = self.version()
        today = clock.today()
        if not calls.needs_call(version) or calls.call_open_for(
            self.family, self.cast.client.region_code, today
        ):
            return
        if self.process("cadence") == "monthly":
            opens, closes = calls.month_window(today)
            title = f"{today.year}年{today.month}月创新券兑付受理"
        else:
            opens, closes = today, today + dt.timedelta(days=45)
            title = f"关于开展{today.year}年度科技创新券兑付工作的通知（第{today.month}期）"
        calls.call_publish(
            actor=publisher,
            family=self.family,
            title=title,
            opens_on=opens,
            closes_on=closes,
            body="请符合条件的主体在受理期内通过平台提交兑付申请及相关材料。",
        )

    def claimant(self) -> tuple[str, object]:
        """The party the policy names to apply: (kind, user)."""
        rule = self.process("claimant")
        if rule == "provider" or (rule == "by_provider_location" and self.order.deduction_fen > 0):
            return "provider", self.cast.provider_user
        if self.cast.incubator_user is not None:
            return "applicant", self.cast.incubator_user
        return "applicant", self.cast.client_user

    def documents(self) -> dict:
        docs = {
            "contract": upload("合同.pdf"),
            "invoice": upload("发票.pdf"),
            "payment_proof": upload("付款凭证.pdf"),
            "result_report": upload("检测报告.pdf"),
        }
        if self.order.category == "testing":
            docs["relevance_proof"] = upload("相关性证明.pdf")
        return docs

    def apply(self):
        kind, user = self.claimant()
        number = self.invoice_number or f"{self.order.number[-8:]}{self.order.pk:04d}"
        invoice = submission.InvoiceData(
            number=number,
            amount=self.amount,
            issued_on=self.order.delivered_on,
            issuer=self.cast.provider.name,
        )
        self.redemption = submission.redemption_submit(
            actor=user,
            order=self.order,
            documents=self.documents(),
            invoice=invoice,
            claimant_kind=kind,
            family=self.family,
        )
        if self.redemption.status == RedemptionStatus.AWAITING_CONFIRMATION:
            self.redemption = submission.redemption_confirm(
                actor=self.cast.provider_user, redemption=self.redemption
            )
        return self.redemption

    def pending_step(self) -> ReviewStep | None:
        return ReviewStep.objects.filter(
            redemption=self.redemption, status=StepStatus.PENDING
        ).first()

    def review_once(self, action: str = "approve", reasons=()) -> Redemption:
        step = self.pending_step()
        actor = self.cast.officials[step.level]
        self.redemption = review.review_decide(
            actor=actor,
            step=step,
            action=action,
            opinion=f"{step.action_label}：同意" if action == "approve" else "",
            reasons=list(reasons),
        )
        return self.redemption

    def review_all(self) -> Redemption:
        while (
            self.pending_step() is not None and self.redemption.status == RedemptionStatus.IN_REVIEW
        ):
            self.review_once()
        return self.redemption

    def resubmit(self) -> Redemption:
        kind, user = self.claimant()
        self.redemption = resubmission.redemption_resubmit(
            actor=user,
            redemption=self.redemption,
            documents={"result_report": upload("检测报告（补正）.pdf")},
        )
        return self.redemption

    def refresh(self) -> Redemption:
        self.redemption.refresh_from_db()
        return self.redemption


def tick(day: dt.date, hour: int = 23) -> list:
    return run_tick(moment(day, hour))


def pay_batch(
    officer,
    payer_region: str,
    day: dt.date,
    *,
    fail_first: bool = False,
    cadence: str = "monthly",
    period: str | None = None,
) -> PaymentBatch | None:
    """The payer's finance officer makes a batch (this month's by default), exports it and imports
    the bank's results."""
    period = period or f"{day.year}-{day.month:02d}"
    with clock.frozen_now(moment(day, 9)):
        batch = PaymentBatch.objects.filter(
            payer_region=payer_region, cadence=cadence, period=period
        ).first()
        if batch is not None and batch.status == PaymentBatch.Status.RECONCILED:
            return batch
        try:
            batch = batch or ledger.batch_create(
                actor=officer, payer_region=payer_region, cadence=cadence, period=period
            )
        except Exception as exc:  # nothing payable in this period
            if getattr(exc, "code", "") and getattr(exc, "status", 500) < 500:
                return None
            raise
        ledger.batch_export(actor=officer, batch=batch, fmt="csv")
    rows = [
        (
            line.code,
            not (fail_first and line.position == 1),
            f"BANK{line.pk:08d}",
            "收款账户户名不符",
        )
        for line in batch.lines.order_by("position")
    ]
    with clock.frozen_now(moment(day, 16)):
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="bank-result.csv", content=render_results(rows)
        )
    return batch


def order_ready(journey: Journey) -> bool:
    return journey.order is not None and journey.order.status in (
        OrderStatus.DELIVERED,
        OrderStatus.SETTLED,
    )
