"""The standard contract: first check, review by the policy's first level, one voucher per
contract within the yearly cap, history of submissions, PDF, uploads; and ratings."""

import datetime as dt
import re
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.orders import documents, selectors, services
from innovoucher.orders.codes import Code
from innovoucher.orders.models import OrderAttachment, ServiceContract
from innovoucher.orders.states import CLIENT, CONTRACT_TRANSITIONS, ContractStatus
from innovoucher.orders.tests.conftest import approved_contract, at, contract_data, place
from innovoucher.vouchers.codes import Code as VoucherCode
from innovoucher.vouchers.models import Voucher
from testsupport.world import PDF, make_user, register_party


def draft(w, order, **changes):
    return services.contract_save(
        actor=w.applicant_user, order=order, data=contract_data(order, **changes)
    )


def test_first_check_failure_keeps_the_contract_with_the_client(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "300000.00")
        contract = draft(w, order, amount="299999.00")
        with pytest.raises(ValidationFailed) as exc:
            services.contract_submit(actor=w.applicant_user, contract=contract)
        assert exc.value.code == Code.CONTRACT_CHECK_FAILED
    contract.refresh_from_db()
    assert contract.status == "draft"
    checks = {c["code"]: c for c in contract.check_results}
    assert checks["amount_matches"]["verdict"] == "fail" and checks["amount_matches"]["article"]
    assert exc.value.details["checks"] == contract.check_results


def test_refer_goes_to_the_agency_with_a_deadline(make_world):
    """「创新券使用流程」第3步：平台管理机构审核并生成创新券 — not the county."""
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "300000.00")
        contract = services.contract_submit(
            actor=w.applicant_user, contract=draft(w, order, contract_type="service")
        )
        queue = selectors.contract_queue_for_reviewer(actor=w.officials["agency"])
    assert contract.status == "submitted" and contract.submission_count == 1
    assert {c["code"]: c["verdict"] for c in contract.check_results}["contract_type"] == "refer"
    assert [i.contract.pk for i in queue] == [contract.pk] and queue[0].due_on > dt.date(2026, 3, 2)
    note = Notification.objects.get(
        recipient=w.officials["agency"], key=f"contract:{contract.pk}:submitted:1"
    )
    assert note.due_on == queue[0].due_on
    assert selectors.contract_queue_for_reviewer(actor=w.officials["city"]) == []
    assert selectors.contract_queue_for_reviewer(actor=w.officials["county"]) == []


def test_return_fix_resubmit_keeps_history_then_approve_issues_one_voucher(make_world):
    w = make_world("ningxia")
    reviewer = w.officials["agency"]
    with at("ningxia"):
        order = place(w, "300000.00")
        contract = services.contract_submit(actor=w.applicant_user, contract=draft(w, order))
        with pytest.raises(ValidationFailed) as exc:
            services.contract_return(actor=reviewer, contract=contract, reasons=[])
        assert exc.value.code == CoreCode.REASONS_REQUIRED
        contract = services.contract_return(
            actor=reviewer, contract=contract, reasons=["请补充验收标准"]
        )
        contract = services.contract_save(
            actor=w.applicant_user,
            order=order,
            data=contract_data(order, deliverables="检测报告及原始记录"),
        )
        contract = services.contract_submit(actor=w.applicant_user, contract=contract)
        contract = services.contract_approve(actor=reviewer, contract=contract)
        with pytest.raises(Conflict):
            services.contract_approve(actor=reviewer, contract=contract)
    history = list(contract.changes.values_list("action", flat=True))
    assert history == ["create", "submit", "return", "submit", "approve"]
    snapshots = [c.data["fields"]["deliverables"] for c in contract.changes.filter(action="submit")]
    assert snapshots == ["检测报告一份，符合国家标准", "检测报告及原始记录"]
    assert contract.submission_count == 2
    voucher = Voucher.objects.get(contract=contract)
    assert (voucher.face_fen, voucher.valid_until, voucher.holder_id) == (
        110_000_00,
        dt.date(2027, 3, 2),
        w.applicant.pk,
    )


def test_only_the_agency_reviews_the_contract(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "100000.00")
        contract = services.contract_submit(actor=w.applicant_user, contract=draft(w, order))
        other_county = make_user("ningxia-jinfeng-rev", Role.COUNTY_REVIEWER, "640106")
        for actor in (
            w.officials["county"],  # registers the parties, does not review the contract
            w.officials["city"],
            w.officials["province"],
            other_county,
            w.applicant_user,
            w.provider_user,
        ):
            with pytest.raises(PermissionDenied):
                services.contract_approve(actor=actor, contract=contract)
        with pytest.raises(NotFound):
            selectors.contract_get(actor=other_county, pk=contract.pk)
        services.contract_reject(
            actor=w.officials["agency"], contract=contract, reasons=["非技术合同"]
        )
    contract.refresh_from_db()
    assert contract.status == "rejected" and not Voucher.objects.filter(contract=contract).exists()


def test_yearly_cap_limits_later_contract_vouchers(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        first = approved_contract(w, place(w, "300000.00"))
        second = approved_contract(w, place(w, "300000.00", subject="第二项"))
        third_order = place(w, "50000.00", subject="第三项")
        contract = services.contract_submit(actor=w.applicant_user, contract=draft(w, third_order))
        with pytest.raises(ValidationFailed) as exc:
            services.contract_approve(actor=w.officials["agency"], contract=contract)
        assert exc.value.code == VoucherCode.YEARLY_CAP_REACHED
    assert (first.voucher.face_fen, second.voucher.face_fen) == (110_000_00, 90_000_00)
    assert "尚余 90000.00" in second.voucher.trace[-1]["value"]
    # a contract voucher is generated by the agency's review, not claimed (issue 10)
    assert first.voucher.mode_label == "合同审核通过生成"
    client = Client()
    client.force_login(w.applicant_user)
    page = client.get(f"/vouchers/{first.voucher.pk}/").content.decode()
    assert "合同审核通过生成" in page and "申领发放" not in page
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert "您已获得宁夏回族自治区科技创新券（面额 110000.00 元）" in subjects
    assert not any("创新券创新券" in s for s in subjects)
    contract.refresh_from_db()
    assert contract.status == "submitted"  # the approval rolled back with the voucher


def test_contract_only_for_per_contract_policies(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        order = place(w)
        with pytest.raises(ValidationFailed) as exc:
            draft(w, order)
        assert exc.value.code == CoreCode.NOT_PER_CONTRACT


@pytest.mark.parametrize("status", list(ContractStatus.values))
def test_every_status_and_action_of_the_contract_table(make_world, status):
    w = make_world("ningxia")
    with at("ningxia"):
        contract = draft(w, place(w))
        for action, t in CONTRACT_TRANSITIONS.items():
            ServiceContract.objects.filter(pk=contract.pk).update(status=status)
            contract.refresh_from_db()
            actor = w.applicant_user if t.by == CLIENT else w.officials["agency"]
            call = dict(actor=actor, contract=contract, action=action, by=t.by, reasons=["理由"])
            if status in t.sources:
                assert services.apply_contract_transition(**call).status == t.target
            else:
                with pytest.raises(Conflict):
                    services.apply_contract_transition(**call)
            with pytest.raises(PermissionDenied):
                services.apply_contract_transition(**{**call, "by": "provider"})


def pdf_streams(pdf: bytes):
    """The PDF's streams, inflated (WeasyPrint compresses objects into object streams)."""
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            yield zlib.decompressobj().decompress(pdf[match.end() :])
        except zlib.error:
            continue


def font_present() -> bool:
    return any(Path("/usr/share/fonts/opentype/noto").glob("Noto*CJK*"))


@pytest.mark.skipif(
    not font_present(), reason="fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)"
)
def test_contract_pdf_embeds_a_cjk_font(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        contract = approved_contract(w, place(w, "105000.00"))
        data = documents.contract_pdf(contract)
        context = documents.contract_context(contract)
    assert data.startswith(b"%PDF")
    fonts = {
        name
        for stream in pdf_streams(data)
        for name in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]]+)", stream)
    }
    assert any(re.search(rb"Noto-?(Serif|Sans)-?CJK", name) for name in fonts), fonts
    assert context["amount_words"] == "壹拾万伍仟元整"


def test_signed_copy_and_attachments_are_validated(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w)
        contract = draft(w, order)
        with pytest.raises(ValidationFailed, match="只接受 PDF、JPG、PNG|内容与扩展名“.docx”不符"):
            services.contract_upload_signed(
                actor=w.applicant_user,
                contract=contract,
                upload=SimpleUploadedFile("合同.docx", b"PK"),
            )
        with pytest.raises(ValidationFailed, match="内容与扩展名"):
            services.contract_upload_signed(
                actor=w.applicant_user,
                contract=contract,
                upload=SimpleUploadedFile("合同.pdf", b"hello"),
            )
        big = SimpleUploadedFile("合同.pdf", PDF + b"0" * (10 * 1024 * 1024))
        with pytest.raises(ValidationFailed, match="10MB"):
            services.contract_upload_signed(actor=w.applicant_user, contract=contract, upload=big)
        services.contract_upload_signed(
            actor=w.provider_user, contract=contract, upload=SimpleUploadedFile("签章合同.pdf", PDF)
        )
        services.attachment_add(
            actor=w.applicant_user,
            order=order,
            kind="registration",
            upload=SimpleUploadedFile("登记.pdf", PDF),
        )
        _, outsider = register_party("640104", reviewer=w.officials["county"])
        with pytest.raises(PermissionDenied):
            services.attachment_add(
                actor=outsider, order=order, kind="other", upload=SimpleUploadedFile("x.pdf", PDF)
            )
    contract.refresh_from_db()
    assert contract.signed_copy.name.endswith(".pdf")
    assert sorted(OrderAttachment.objects.filter(order=order).values_list("kind", flat=True)) == [
        "registration",
        "signed_contract",
    ]


def test_rating_due_in_ten_working_days_late_and_once(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w)
        with pytest.raises(ValidationFailed) as exc:
            services.rating_submit(
                actor=w.applicant_user, order=order, score=5, quality=5, timeliness=5
            )
        assert exc.value.code == Code.NOT_DELIVERED
        services.order_accept(actor=w.provider_user, order=order)
        order = services.order_deliver(actor=w.provider_user, order=order)
    with at("ningxia", 30):
        with pytest.raises(ValidationFailed) as exc:
            services.rating_submit(
                actor=w.applicant_user, order=order, score=6, quality="", timeliness=3
            )
        assert set(exc.value.details["fields"]) == {"score", "quality"}
        rating = services.rating_submit(
            actor=w.applicant_user,
            order=order,
            score=4,
            quality=5,
            timeliness=3,
            comment="报告规范",
        )
        with pytest.raises(Conflict) as exc:
            services.rating_submit(
                actor=w.applicant_user, order=order, score=4, quality=5, timeliness=3
            )
        assert exc.value.code == Code.ALREADY_RATED
    assert (
        rating.due_on == dt.date(2026, 3, 16) and rating.late
    )  # 10 working days after Monday 2 March
    summary = selectors.provider_rating_summary(w.provider)
    assert (summary.count, str(summary.score), str(summary.quality), summary.late) == (
        1,
        "4.0",
        "5.0",
        1,
    )
