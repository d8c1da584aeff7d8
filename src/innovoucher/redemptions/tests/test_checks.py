"""The automatic first check: each rule's verdict with its reason and article; a fail refuses the
application and saves nothing; refer sends it to review flagged."""

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovoucher.accounts.models import RoleAssignment
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.redemptions.models import Invoice, Redemption, RedemptionDocument
from innovoucher.redemptions.services import submission
from innovoucher.redemptions.tests.intake_support import (  # noqa: F401
    documents,
    intake_env,
    invoice,
    make_order,
    open_call,
    submit,
    upload,
    world_for,
)
from innovoucher.registry import services as registry
from innovoucher.registry.models import OrganisationKind
from innovoucher.registry.tests.conftest import id_for
from innovoucher.vouchers.models import VoucherUse
from innovoucher.vouchers.services import voucher_claim
from testsupport import make_user
from testsupport.world import START, give_facts, register_party


def _codes(exc) -> dict:
    return {c["code"]: c for c in exc.value.details["checks"]}


def test_missing_documents_fail_with_the_list_and_nothing_is_saved(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]), pytest.raises(ValidationFailed) as exc:
        submit(w, docs=documents("contract", "invoice"))
    assert exc.value.code == "check_failed"
    line = _codes(exc)["documents"]
    assert (
        line["verdict"] == "fail"
        and "付款凭证" in line["message"]
        and "服务结果报告" in line["message"]
    )
    assert line["evidence"]["missing"] == ["payment_proof", "result_report"]
    assert (
        not Redemption.objects.exists()
        and not Invoice.objects.exists()
        and not RedemptionDocument.objects.exists()
    )


def test_deduction_at_checkout_needs_no_payment_proof_and_claims_the_deduction(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"] - dt.timedelta(days=10)):
        voucher = voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        order = make_order(w, amount_fen=10_000_000, voucher=voucher)
        assert order.deduction_fen == 5_000_000 and order.paid_fen == 5_000_000
        r = submit(w, order, docs=documents("contract", "invoice", "result_report"))
    assert r.subsidy_fen == 5_000_000 and r.shares == {"county": 5_000_000} and r.voucher == voucher
    assert {c["code"]: c["verdict"] for c in r.check_results}["deduction"] == "pass"
    assert VoucherUse.objects.get(order=order).redemption == r


def test_bad_upload_and_invoice_fields_are_named(intake_env):
    w = world_for("ningxia")
    fake = SimpleUploadedFile("contract.pdf", b"not a pdf", content_type="application/pdf")
    with clock.frozen_now(START["ningxia"]), pytest.raises(ValidationFailed) as exc:
        submit(
            w,
            docs={**documents(), "contract": fake},
            inv=submission.InvoiceData(number="12", amount="abc", issued_on="2026-13-01"),
        )
    fields = exc.value.details["fields"]
    assert set(fields) >= {
        "documents.contract",
        "invoice.number",
        "invoice.amount",
        "invoice.issued_on",
    }
    assert "内容与扩展名" in fields["documents.contract"][0]


def test_related_parties_fail_with_the_path_as_evidence_where_the_policy_forbids(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        registry.affiliation_add(
            actor=w.applicant_user,
            organisation=w.applicant,
            kind="subordinate",
            counterpart_name=w.provider.name,
            counterpart_uscc=w.provider.uscc,
        )
        open_call(w)
        with pytest.raises(ValidationFailed) as exc:
            submit(w)
    lines = _codes(exc)
    assert (
        lines["not_related"]["verdict"] == "fail"
        and "第十一条第（四）项" in lines["not_related"]["article"]
    )
    assert lines["relation"]["verdict"] == "fail" and lines["relation"]["evidence"]["path"]
    assert "关联关系" in exc.value.message


def test_related_parties_are_referred_where_the_policy_is_silent(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        registry.affiliation_add(
            actor=w.applicant_user,
            organisation=w.applicant,
            kind="equity",
            counterpart_name=w.provider.name,
            counterpart_uscc=w.provider.uscc,
        )
        r = submit(w)
    line = next(c for c in r.check_results if c["code"] == "relation")
    assert line["verdict"] == "refer" and r.check_verdict == "refer" and r.status == "in_review"


def test_every_rule_of_the_version_has_a_line_with_its_article(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        r = submit(w)
    codes = [c["code"] for c in r.check_results]
    for rule in (
        "applicant_in_city",
        "credit",
        "no_city_funding",
        "provider_admitted",
        "not_related",
        "fully_paid",
    ):
        assert rule in codes
    assert all(
        c["article"] for c in r.check_results if c["code"] in ("credit", "fully_paid", "scope")
    )


def test_declared_other_public_funding_fails_the_rule(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]), pytest.raises(ValidationFailed) as exc:
        submit(w, other_public_funding=True)
    assert _codes(exc)["not_in_running_plan"]["verdict"] == "fail"


def test_unpaid_order_must_declare_what_was_paid_and_urumqi_requires_full_payment(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        order = make_order(w, status="delivered")
        with pytest.raises(ValidationFailed) as exc:
            submit(w, order)
        assert "paid_amount" in exc.value.details["fields"]
        with pytest.raises(ValidationFailed) as exc:
            submit(w, order, paid_amount="60000.00")
        assert _codes(exc)["fully_paid"]["verdict"] == "fail"
        r = submit(w, order, paid_amount="100000.00")
    assert r.paid_amount_fen == 10_000_000


def test_a_second_application_for_the_same_service_is_refused_naming_the_first(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        order = make_order(w)
        first = submit(w, order)
        with pytest.raises(Conflict) as exc:
            submit(w, order, actor=w.provider_user)
    assert (
        exc.value.code == "already_applied"
        and first.number in exc.value.message
        and "仅限一方" in exc.value.message
    )


def test_the_database_keeps_one_live_application_per_order(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        order = make_order(w)
        first = submit(w, order)
        # The service-level check is bypassed: the partial unique constraint still refuses.
        with (
            mock.patch.object(
                submission,
                "order_conflict",
                side_effect=[None, submission.Conflict("x", code="already_applied")],
            ),
            mock.patch(
                "innovoucher.redemptions.services.checks.duplicate_check",
                return_value=submission.domain.CheckResult("duplicate", "重复申请", "pass", ""),
            ),
        ):
            with pytest.raises(Conflict) as exc:
                submit(w, order, actor=w.provider_user)
    assert exc.value.code == "already_applied"
    assert Redemption.objects.filter(order=order).count() == 1 and first.pk


def test_invoice_reuse_is_refused_with_the_earlier_application_named(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        first = submit(w, inv=invoice("26440000111122223333"))
        with pytest.raises(Conflict) as exc:
            submit(w, inv=invoice("26440000111122223333"))
        assert exc.value.code == "invoice_reused" and first.number in exc.value.message
        submission.redemption_withdraw(actor=w.provider_user, redemption=first)
        again = submit(w, inv=invoice("26440000111122223333"))
    assert again.invoices.get().number == "26440000111122223333"
    assert Invoice.objects.get(redemption=first).released_at is not None


def test_caps_count_this_years_applications_of_the_applicant_and_its_group(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        # 3 × 400,000 contracts: 50,000 + 90,000 = 140,000 each under the tiers; the cap is 200,000
        # a year.
        first = submit(w, make_order(w, amount_fen=40_000_000))
        second = submit(w, make_order(w, amount_fen=40_000_000))
        with pytest.raises(ValidationFailed) as exc:
            submit(w, make_order(w, amount_fen=40_000_000))
    assert first.subsidy_fen == 14_000_000 and second.subsidy_fen == 6_000_000
    assert _codes(exc)["cap_reached"]["verdict"] == "fail"


def test_group_caps_follow_the_actual_controller(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        sister, _ = register_party(w.county, reviewer=w.officials["county"])
        give_facts(sister, w.officials["county"])
        owner = id_for("371502", 1970, 77)
        for org in (w.applicant, sister):
            registry.controller_set(
                actor=w.officials["county"],
                organisation=org,
                holder_type="person",
                holder_name="王五",
                holder_id_number=owner,
            )
        open_call(w)
        first = submit(w)
        second = submit(w, make_order(w, client=sister), actor=_user_of(sister))
    assert first.group_key == second.group_key != ""
    line = next(c for c in second.check_results if c["code"] == "received_this_year")
    assert "同一实际控制人合计 90000.00" in line["message"]


def _user_of(org):
    return RoleAssignment.objects.filter(organisation=org).first().user


def test_a_team_applies_through_its_host_incubator(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        incubator, agent = register_party(
            w.county, kind=OrganisationKind.INCUBATOR, reviewer=w.officials["county"]
        )
        data = registry.RegistrationData(
            kind=OrganisationKind.TEAM,
            name="聊城测试创客团队",
            region_code=w.county,
            host_incubator_id=incubator.pk,
            legal_rep_name="赵六",
            legal_rep_id_number=id_for(w.county, 1990, 12),
            contact_name="赵六",
            contact_phone="13800002222",
        )
        team = registry.organisation_register(actor=agent, data=data)
        registry.registration_review(
            actor=w.officials["county"], organisation=team, action="approve"
        )
        team.refresh_from_db()
        open_call(w)
        order = make_order(w, client=team)
        r = submit(w, order, actor=agent)
        outsider = make_user("liaocheng-outsider", None)
        with pytest.raises(PermissionDenied):
            submit(w, make_order(w, client=team), actor=outsider)
    assert r.submitted_via == incubator and r.claimant_kind == "applicant" and r.applicant == team


def test_provider_of_the_wrong_side_is_told_who_applies(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        open_call(w)
        with pytest.raises(PermissionDenied) as exc:
            submit(w, actor=w.provider_user)
    assert exc.value.code == "claimant_not_allowed" and "服务使用方" in exc.value.message


def test_liaocheng_testing_needs_the_relevance_proof_and_validity_counts_from_completion(
    intake_env,
):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        open_call(w)
        with pytest.raises(ValidationFailed) as exc:
            submit(w, docs=documents("contract", "invoice", "payment_proof", "result_report"))
        assert "检测与研发相关性证明" in _codes(exc)["documents"]["message"]
        with pytest.raises(ValidationFailed) as exc:
            submit(w, make_order(w, delivered_on=clock.today() - dt.timedelta(days=200)))
        assert _codes(exc)["validity_expired"]["verdict"] == "fail"


def test_order_not_delivered_and_policy_lapsed_are_refused(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        placed = make_order(w)
        placed.status = "accepted"
        with pytest.raises(ValidationFailed) as exc:
            submit(w, placed)
        assert exc.value.code == "order_not_delivered"
        order = make_order(w)
    with clock.frozen_now(dt.date(2026, 3, 2)), pytest.raises(ValidationFailed) as exc:
        submit(w, order)
    assert exc.value.code == "no_version_in_force"


def test_upload_types_are_checked(intake_env):
    w = world_for("ningxia")
    exe = SimpleUploadedFile("report.exe", b"MZ....", content_type="application/octet-stream")
    with clock.frozen_now(START["ningxia"]), pytest.raises(ValidationFailed) as exc:
        submit(w, docs={**documents(), "result_report": exe})
    assert (
        "只接受 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）"
        in exc.value.details["fields"]["documents.result_report"][0]
    )
    assert upload().name == "doc.pdf"


def test_split_contracts_are_referred_with_the_other_orders(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        first = make_order(
            w, amount_fen=5_000_000, delivered_on=clock.today() - dt.timedelta(days=20)
        )
        second = make_order(w, amount_fen=5_000_000)
        r = submit(w, second)
    line = next(c for c in r.check_results if c["code"] == "split_contract")
    assert (
        line["verdict"] == "refer"
        and first.number in line["message"]
        and line["evidence"] == {"orders": [first.number]}
    )
    assert r.check_verdict == "refer" and r.status == "in_review"
