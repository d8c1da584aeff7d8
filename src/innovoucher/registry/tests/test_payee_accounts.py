"""The receiving account the ledger pays into (`registry.payees`): validated (bank, holder = the
party, number format and check digit), reviewed with the registration or by a change filing
before money goes there, looked up at export time (a later registration is used), its reveal in
the bank file audited as a PII reveal; a missing or unverified account holds the line."""

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core.errors import Conflict, ValidationFailed
from innovoucher.core.models import AuditEvent
from innovoucher.ledger import services as ledger
from innovoucher.ledger.models import PaymentLine
from innovoucher.ledger.tests.helpers import at, funded
from innovoucher.notifications.models import Notification
from innovoucher.registry import services
from innovoucher.registry.codes import Code
from innovoucher.registry.models import ChangeFiling
from innovoucher.registry.payees import account_problem, payee_ref
from innovoucher.registry.tests.conftest import pdf, register
from testsupport import make_user

pytestmark = pytest.mark.django_db
ACCOUNT = "1211 0100 0987 6543 210"


@pytest.fixture
def finance(db):
    return make_user("fin_sx_city", grants=[(Role.FINANCE_OFFICER, "330600")])


def _approved(yuecheng, **bank):
    org = register("330602", **bank)
    services.registration_review(actor=yuecheng, organisation=org, action="approve")
    org.refresh_from_db()
    return org


def _bank(name):
    return {
        "bank_name": "中国工商银行绍兴越城支行",
        "bank_account_name": name,
        "bank_account_number": ACCOUNT,
    }


def _claim(finance, org, ref="redemption:SX-1"):
    return ledger.claim_reserve(
        actor=finance,
        reference=ref,
        region_code="330602",
        fiscal_year=2026,
        shares={"city": 150_000},
        payee=ledger.Payee("applicant", org.name, org.bank_account_masked, ref=payee_ref(org)),
        completed_at=at(1),
    )


def _batch(finance, period="2026-05"):
    return ledger.batch_create(
        actor=finance, payer_region="330600", cadence="monthly", period=period
    )


def test_bank_details_are_validated_at_their_fields():
    with pytest.raises(ValidationFailed) as exc:
        register(
            "330602",
            name="越城测试科技有限公司",
            bank_name="工行",
            bank_account_name="别的公司",
            bank_account_number="6216610000012345678",  # a UnionPay card with a wrong check digit
        )
    fields = exc.value.details["fields"]
    assert "开户银行请填写银行全称" in fields["bank_name"][0]
    assert "须与登记名称“越城测试科技有限公司”一致" in fields["bank_account_name"][0]
    assert fields["bank_account_number"] == ["银行卡号校验位错误，请核对卡号"]
    with pytest.raises(ValidationFailed) as exc:
        register("330602", name="长" * 101)
    assert exc.value.details["fields"]["name"] == ["名称不能超过100个字，您填写了101个字"]


def test_an_account_is_verified_with_the_registration_and_paid_in_full(yuecheng, finance):
    org = register("330602", **_bank("越城付款测试有限公司"), name="越城付款测试有限公司")
    assert "尚未通过审核" in account_problem(org)
    services.registration_review(actor=yuecheng, organisation=org, action="approve")
    org.refresh_from_db()
    assert org.bank_verified_at is not None and account_problem(org) == ""
    funded(finance, "330600", 1_000_000)
    _claim(finance, org)
    batch = _batch(finance)
    text = ledger.batch_export(actor=finance, batch=batch).content.decode("utf-8-sig")
    assert "1211010009876543210" in text and "越城付款测试有限公司" in text
    assert "中国工商银行绍兴越城支行" in text and "1500.00" in text and "redemption:SX-1" in text
    reveal = AuditEvent.objects.get(action="registry.pii.reveal")
    assert reveal.data["purpose"] == "payment_file" and reveal.data["field"] == "bank_account"


def test_no_account_holds_the_line_tells_the_payee_and_a_filed_account_is_used_later(
    yuecheng, finance, django_capture_on_commit_callbacks
):
    org = _approved(yuecheng)
    funded(finance, "330600", 1_000_000)
    _claim(finance, org)
    batch = _batch(finance)
    line = batch.lines.get()
    assert "尚未登记收款账户" in line.hold_reason
    with django_capture_on_commit_callbacks(execute=True):
        ledger.batch_export(actor=finance, batch=batch)
    line.refresh_from_db()
    assert line.status == PaymentLine.Status.HELD
    assert Notification.objects.filter(subject__contains="暂缓拨付").exists()
    # after approval the account can only change through a reviewed change filing
    user = org.role_assignments.get().user
    with pytest.raises(Conflict) as exc:
        services.organisation_set_bank_account(
            actor=user,
            organisation=org,
            bank_name="中国银行绍兴分行",
            account_name=org.name,
            account_number=ACCOUNT,
        )
    assert exc.value.code == Code.BANK_CHANGE_NEEDS_FILING
    filing = services.filing_submit(
        actor=user, organisation=org, values=_bank(org.name), reason="登记收款账户", evidence=pdf()
    )
    org.refresh_from_db()
    assert "尚未登记" in account_problem(org)
    services.filing_review(actor=yuecheng, filing=filing, action="approve")
    org.refresh_from_db()
    assert org.bank_account_masked.endswith("3210") and account_problem(org) == ""
    later = _batch(finance, "2026-06")
    ledger.batch_export(actor=finance, batch=later)
    assert later.lines.get().status == PaymentLine.Status.EXPORTED


def test_a_pending_account_change_holds_payment_and_the_holder_must_be_the_party(yuecheng, finance):
    org = _approved(yuecheng, **_bank("越城变更测试有限公司"), name="越城变更测试有限公司")
    user = org.role_assignments.get().user
    with pytest.raises(ValidationFailed) as exc:
        services.filing_submit(
            actor=user,
            organisation=org,
            values={**_bank("张三"), "bank_account_number": "1211000011112222333"},
            reason="换账户",
            evidence=pdf(),
        )
    assert "须与登记名称" in exc.value.details["fields"]["bank_account_name"][0]
    services.filing_submit(
        actor=user,
        organisation=org,
        values={**_bank(org.name), "bank_account_number": "1211000011112222333"},
        reason="换账户",
        evidence=pdf(),
    )
    assert "变更备案正在审核" in account_problem(org)
    assert ChangeFiling.objects.get().bank_account_masked.endswith("2333")


def test_a_reload_of_the_bank_form_goes_back_to_the_page(client, yuecheng):
    org = register("330602", username="reload-user")
    client.force_login(org.role_assignments.get().user)
    response = client.get(f"/registry/organisations/{org.pk}/bank/")
    assert response.status_code == 302 and response["Location"].endswith(f"/{org.pk}/")
