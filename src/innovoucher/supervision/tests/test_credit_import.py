"""Dishonesty-list import: bad rows rejected with line numbers and nothing kept; a good list is
matched by credit code in the importer's region, feeds a dated, sourced credit fact of firms and
providers; the listed provider is refused at admission and redemption with the article; under
Shaoxing its admission is proposed for revocation."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook

from innovoucher.accounts.roles import Role
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.providers.services.admission import admission_apply
from innovoucher.redemptions.services.submission import redemption_submit
from innovoucher.registry.models import EligibilityFact, FactKind
from innovoucher.registry.selectors import organisation_quote_facts
from innovoucher.supervision.guards import refuse_if_unfit
from innovoucher.supervision.models import CreditImport, CreditListing, RevocationProposal
from innovoucher.supervision.services.credit import credit_import_upload
from innovoucher.supervision.states import ImportStatus
from innovoucher.supervision.tasks import credit_import
from innovoucher.supervision.tests.support import at
from innovoucher.supervision.tests.test_hooks import delivered_order
from testsupport import make_user
from testsupport.world import START, build_world

HEADER = "统一社会信用代码,名称,列入日期,列入原因,作出决定机关\n"
STRANGER = "91110000600037341L"  # a valid code no party of the region holds


def _csv(text: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _upload(world, upload, kind="dishonest"):
    """Upload as the county official; the task runs after commit (immediate backend)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return credit_import_upload(
            actor=world.officials["county"],
            region_code=world.county,
            list_kind=kind,
            upload=upload,
            source="信用中国",
        )


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_nothing_is_imported(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        text = (
            HEADER
            + f"{world.applicant.uscc},{world.applicant.name},2026-01-05,失信被执行人,某法院\n"
            + "91110000600037341X,错码公司,2026-01-05,,\n"
            + f"{STRANGER},无日期公司,,,\n"
            + f"{world.applicant.uscc},重复,2026-01-06,,\n"
        )
        imp = _upload(world, _csv(text))
    imp.refresh_from_db()
    assert imp.status == ImportStatus.REJECTED
    assert [e["line"] for e in imp.errors] == [3, 4, 5]
    assert "统一社会信用代码" in imp.errors[0]["message"]
    assert "列入日期" in imp.errors[1]["message"]
    assert "与第2行重复" in imp.errors[2]["message"]
    assert not CreditListing.objects.exists()
    assert not EligibilityFact.objects.filter(kind=FactKind.CREDIT_STATUS, flag=False).exists()
    assert imp.changes.filter(action="reject").exists()


@pytest.mark.django_db
def test_a_good_list_feeds_the_credit_facts_and_refuses_the_provider(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        order = delivered_order(world, world.applicant, world.applicant_user)
        text = (
            HEADER
            + f"{world.applicant.uscc},{world.applicant.name},2026-01-05,失信被执行人,天山区法院\n"
            + f"{world.provider.uscc},{world.provider.name},2026/2/1,虚假检测报告,市场监管局\n"
            + f"{STRANGER},外地公司,2025-12-01,,\n"
        )
        imp = _upload(world, _csv(text))
        imp.refresh_from_db()
        assert imp.status == ImportStatus.DONE
        assert (imp.total_rows, imp.processed_rows, imp.matched_count) == (3, 3, 2)
        listings = {r.line: r for r in imp.listings.all()}
        assert listings[2].organisation == world.applicant and listings[4].organisation is None
        fact = listings[3].fact
        assert fact.flag is False and fact.valid_from.isoformat() == "2026-02-01"
        assert f"导入批次{imp.number}第3行" in fact.evidence_ref and "信用中国" in fact.evidence_ref
        assert fact.status == "verified"
        # the firm's credit flows into the policy's credit rule
        facts = organisation_quote_facts(organisation=world.applicant, on=START["urumqi"])
        assert facts["credit_ok"] is False
        with pytest.raises(PermissionDenied) as caught:
            refuse_if_unfit(world.provider, "urumqi", provider=True)
        assert caught.value.code == "provider_discredited"
        assert "第八条" in caught.value.message and "2026年2月1日" in caught.value.message
        # refused at redemption (the provider's credit) ...
        with pytest.raises(PermissionDenied) as caught:
            redemption_submit(actor=world.applicant_user, order=order, documents=None, invoice=None)
        assert caught.value.code == "provider_discredited"
        # ... and at admission under another policy
        with pytest.raises(PermissionDenied) as caught:
            admission_apply(actor=world.provider_user, organisation=world.provider, family="shanxi")
        assert caught.value.code == "provider_discredited"
        assert "第十二条第（二）项" in caught.value.message
    assert AuditEvent.objects.filter(action="supervision.credit_import.finish").exists()


@pytest.mark.django_db
def test_excel_lists_import_and_shaoxing_proposes_revocation(seed_policies):
    with at(START["shaoxing"]):
        world = build_world("shaoxing", funded=False)
        book = Workbook()
        sheet = book.active
        sheet.append(["社会信用代码", "企业名称", "列入经营异常名录日期"])
        sheet.append([world.provider.uscc, world.provider.name, START["shaoxing"]])
        data = io.BytesIO()
        book.save(data)
        upload = SimpleUploadedFile("异常名录.xlsx", data.getvalue())
        imp = _upload(world, upload, kind="abnormal")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.DONE and imp.matched_count == 1
    proposal = RevocationProposal.objects.get(provider=world.provider)
    assert proposal.article == "三（二）4" and "经营异常名录" in proposal.basis


@pytest.mark.django_db
def test_only_an_official_of_the_region_imports_and_only_csv_or_excel(seed_policies):
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        stranger = make_user("county-elsewhere-ci", Role.COUNTY_REVIEWER, "650104")
        with pytest.raises(PermissionDenied):
            credit_import_upload(
                actor=stranger,
                region_code=world.county,
                list_kind="dishonest",
                upload=_csv(HEADER),
            )
        with pytest.raises(ValidationFailed) as caught:
            _upload(world, _csv(HEADER, name="list.txt"))
        assert caught.value.details["fields"]["file"]
        imp = _upload(world, _csv("名称\n某公司\n"))
    imp.refresh_from_db()
    assert imp.status == ImportStatus.REJECTED
    assert imp.errors == [{"line": 1, "message": "第1行（表头）缺少列：统一社会信用代码、列入日期"}]
    assert CreditImport.objects.count() == 1


@pytest.mark.django_db
def test_the_import_job_run_again_imports_nothing_more(seed_policies):
    """A redelivered or retried job (the worker's jobs are idempotent): the second run finds the
    import no longer queued and leaves it, its listings, facts and audit events as they were."""
    with at(START["urumqi"]):
        world = build_world("urumqi", funded=False)
        text = (
            HEADER + f"{world.provider.uscc},{world.provider.name},2026-02-01,虚假报告,市场监管局\n"
        )
        imp = _upload(world, _csv(text))

        def state():
            return (
                CreditImport.objects.get(pk=imp.pk).status,
                CreditListing.objects.count(),
                EligibilityFact.objects.filter(kind=FactKind.CREDIT_STATUS).count(),
                imp.changes.count(),
                AuditEvent.objects.exclude(action__startswith="core.").count(),
            )

        before = state()
        assert before[0] == ImportStatus.DONE and before[1] == 1
        assert credit_import.call(imp.pk) == ImportStatus.DONE
        assert credit_import.call(imp.pk) == ImportStatus.DONE
        assert state() == before
        assert credit_import.call(10**9) == "missing"
