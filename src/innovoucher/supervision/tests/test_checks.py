"""Spot checks and clawbacks on a paid redemption: a reproducible sample, the check's lifecycle,
findings with evidence, the clawback notice with the policy's deadline, the voucher withdrawn,
repayment through the ledger's recovery, an overdue notice flagged by the tick."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from innovoucher.accounts.roles import Role
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.ledger.models import Claim
from innovoucher.ledger.services.claims import claim_recovered_fen
from innovoucher.notifications.models import Notification
from innovoucher.redemptions.states import RedemptionStatus
from innovoucher.registry import services as registry
from innovoucher.simulation.journey import tick
from innovoucher.supervision.models import Measure, MeasureChange, Sample
from innovoucher.supervision.services.checks import (
    check_conclude,
    check_start,
    finding_record,
    sample_draw,
)
from innovoucher.supervision.services.clawbacks import clawback_repay
from innovoucher.supervision.services.measures import measure_decide, measure_report, measure_stop
from innovoucher.supervision.states import CheckStatus, ClawbackStatus, MeasureStatus, Outcome
from innovoucher.supervision.tests.support import CONTROLLER_ID, at, paid_redemption
from innovoucher.vouchers.states import VoucherStatus
from innovoucher.workdays.services import deadline_after
from testsupport import make_user
from testsupport.world import pdf

Y = 100


@pytest.fixture
def paid(seed_policies):
    world, j, day = paid_redemption("urumqi")
    assert j.redemption.status == RedemptionStatus.PAID
    return world, j, day


def _draw(world, day, **kw):
    kw.setdefault("method", "random")
    return sample_draw(
        actor=world.officials["city"],
        region_code=world.city,
        family="urumqi",
        period_from=day - dt.timedelta(days=90),
        period_to=day,
        **kw,
    )


@pytest.mark.django_db
def test_check_to_clawback_to_repayment(paid):
    world, j, day = paid
    official = world.officials["county"]
    with at(day):
        sample = _draw(world, day, seed=42)
        again = _draw(world, day, seed=42)
        assert sample.seed == 42 and sample.population == 1 and sample.size == 1
        assert list(sample.checks.values_list("redemption", flat=True)) == list(
            again.checks.values_list("redemption", flat=True)
        ), "same seed, same frame: same sample"
        check = sample.checks.get()
        assert check.due_on == deadline_after(day, 20, "working")
        with pytest.raises(ValidationFailed) as caught:
            check_conclude(actor=official, check=check, outcome=Outcome.RECOVER)
        assert caught.value.code == "outcome_invalid"  # nothing found yet
        check = check_start(actor=official, check=check)
        assert check.status == CheckStatus.IN_PROGRESS
        with pytest.raises(ValidationFailed) as caught:
            finding_record(actor=official, check=check, text="", amount_fen=0)
        assert caught.value.code == "finding_invalid"
        with pytest.raises(ValidationFailed) as caught:
            finding_record(actor=official, check=check, text="x", amount_fen=10**12)
        assert caught.value.code == "finding_invalid"
        finding_record(
            actor=official,
            check=check,
            text="服务报告系伪造，服务未实际发生",
            amount_fen=j.redemption.subsidy_fen,
            evidence=pdf("现场检查记录.pdf"),
        )
        check.refresh_from_db()
        assert check.status == CheckStatus.FINDINGS and check.findings.get().evidence
        check = check_conclude(
            actor=official, check=check, outcome=Outcome.RECOVER, conclusion="虚构服务，追回资金"
        )
    clawback = check.clawback
    assert check.status == CheckStatus.CONCLUDED and check.outcome == Outcome.RECOVER
    assert clawback.amount_fen == j.redemption.subsidy_fen
    assert clawback.article == "第二十条"
    assert clawback.due_on == day + dt.timedelta(days=30), "Urumqi art. 20: within 30 days"
    voucher = j.redemption.voucher
    voucher.refresh_from_db()
    assert clawback.voucher_withdrawn and voucher.status == VoucherStatus.REVOKED
    with at(day + dt.timedelta(days=5)):
        clawback = clawback_repay(actor=official, clawback=clawback, recovery_reference="JK-001")
    assert clawback.status == ClawbackStatus.REPAID
    j.redemption.refresh_from_db()
    assert j.redemption.status == RedemptionStatus.RECOVERED
    claim = Claim.objects.get(reference=j.redemption.claim_reference)
    assert claim_recovered_fen(claim) == clawback.amount_fen
    call_command("ledger", "verify", stdout=open("/dev/null", "w"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "supervision.sample.draw",
        "supervision.spot_check.start",
        "supervision.spot_check.report",
        "supervision.spot_check.conclude",
        "supervision.clawback.issue",
        "supervision.clawback.repay",
        "ledger.claim.recover",
    } <= actions


@pytest.mark.django_db
def test_overdue_clawback_flagged_by_tick(paid):
    world, j, day = paid
    official = world.officials["county"]
    with at(day):
        check = _draw(world, day, method="both", seed=1).checks.get()
        check_start(actor=official, check=check)
        finding_record(actor=official, check=check, text="合同金额虚高", amount_fen=1_000 * Y)
        check = check_conclude(actor=official, check=check, outcome=Outcome.RECOVER)
    clawback = check.clawback
    assert clawback.amount_fen == 1_000 * Y
    tick(clawback.due_on)
    clawback.refresh_from_db()
    assert clawback.status == ClawbackStatus.ISSUED
    tick(clawback.due_on + dt.timedelta(days=1))
    tick(clawback.due_on + dt.timedelta(days=1))
    clawback.refresh_from_db()
    assert clawback.status == ClawbackStatus.OVERDUE
    assert clawback.changes.filter(action="flag_overdue").count() == 1


@pytest.mark.django_db
def test_sample_refusals_and_region_scope(paid):
    world, j, day = paid
    with at(day):
        stranger = make_user("city-elsewhere", Role.CITY_REVIEWER, "650200")
        with pytest.raises(PermissionDenied):
            sample_draw(
                actor=stranger,
                region_code=world.city,
                family="urumqi",
                period_from=day - dt.timedelta(days=90),
                period_to=day,
            )
        with pytest.raises(ValidationFailed) as caught:
            _draw(world, day - dt.timedelta(days=200))
        assert caught.value.code == "frame_empty"
        with pytest.raises(ValidationFailed) as caught:
            _draw(world, day, size=5)
        assert caught.value.code == "sample_size_invalid"
        with pytest.raises(ValidationFailed) as caught:
            _draw(world, day, confidence="0.5")
        assert caught.value.code == "sample_size_invalid"
        flying = _draw(world, day, flying=True)
        assert flying.flying and flying.checks.get().flying
        check = flying.checks.get()
        with pytest.raises(PermissionDenied):
            check_start(actor=stranger, check=check)
        check_start(actor=world.officials["county"], check=check)
        with pytest.raises(ValidationFailed) as caught:
            check_conclude(actor=world.officials["county"], check=check, outcome="punish")
        assert caught.value.code == "outcome_invalid"
        with pytest.raises(ValidationFailed) as caught:
            check_conclude(actor=world.officials["county"], check=check, outcome=Outcome.RECOVER)
        assert caught.value.code == "outcome_invalid"
        done = check_conclude(
            actor=world.officials["county"], check=check, outcome=Outcome.NO_ISSUE
        )
        assert done.outcome == Outcome.NO_ISSUE
        with pytest.raises(Conflict) as caught:
            check_start(actor=world.officials["county"], check=done)
        assert caught.value.code == "invalid_transition"
    assert Sample.objects.count() == 1


@pytest.mark.django_db
def test_risk_sample_scores_related_parties_from_the_registry(paid):
    world, j, day = paid
    with at(day):
        with pytest.raises(ValidationFailed) as caught:
            _draw(world, day, method="risk")
        assert caught.value.code == "frame_empty", "nothing risky yet: risk sampling finds none"
        registry.controller_set(
            actor=world.officials["county"],
            organisation=world.provider,
            holder_type="person",
            holder_name="王五",
            holder_id_number=CONTROLLER_ID,
        )
        registry.controller_set(
            actor=world.officials["county"],
            organisation=world.applicant,
            holder_type="person",
            holder_name="王五",
            holder_id_number=CONTROLLER_ID,
        )
        check = _draw(world, day, method="risk").checks.get()
    assert check.risk_score >= 30
    assert "related_parties" in {f["code"] for f in check.risk_factors}


def _notified(user, key_part):
    return Notification.objects.filter(recipient=user, key__contains=key_part)


@pytest.mark.django_db
def test_overdue_clawback_tells_the_firm_and_the_official_once(
    paid, django_capture_on_commit_callbacks
):
    world, j, day = paid
    official = world.officials["county"]
    with at(day):
        check = _draw(world, day, method="both", seed=1).checks.get()
        check_start(actor=official, check=check)
        finding_record(actor=official, check=check, text="合同金额虚高", amount_fen=1_000 * Y)
        clawback = check_conclude(actor=official, check=check, outcome=Outcome.RECOVER).clawback
    late = clawback.due_on + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert dict(tick(late))["追回资金逾期提示"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert dict(tick(late))["追回资金逾期提示"] == 0
    assert _notified(world.applicant_user, f"clawback:{clawback.pk}:overdue").count() == 1
    assert _notified(official, f"clawback:{clawback.pk}:overdue").count() == 1


@pytest.mark.django_db
def test_rectify_outcome_opens_a_deadline_flagged_overdue_then_answered(
    paid, client, django_capture_on_commit_callbacks
):
    world, j, day = paid
    official = world.officials["county"]
    with at(day):
        check = _draw(world, day, method="both", seed=1).checks.get()
        check_start(actor=official, check=check)
        finding_record(actor=official, check=check, text="服务报告缺少检测原始记录")
        with pytest.raises(ValidationFailed) as caught:
            check_conclude(actor=official, check=check, outcome=Outcome.RECTIFY, days=200)
        assert caught.value.details["fields"]["days"]
        with pytest.raises(ValidationFailed) as caught:
            check_conclude(actor=official, check=check, outcome=Outcome.RECTIFY, party="x")
        assert caught.value.details["fields"]["party"]
        with django_capture_on_commit_callbacks(execute=True):
            check = check_conclude(
                actor=official,
                check=check,
                outcome=Outcome.RECTIFY,
                conclusion="补齐原始记录",
                days=10,
            )
    m = check.rectification
    assert m.provider == world.applicant and m.status == MeasureStatus.RECTIFYING
    assert m.due_on == day + dt.timedelta(days=10) and m.article == "第二十条"
    assert "补齐原始记录" in m.grounds and "服务报告缺少检测原始记录" in m.grounds
    assert _notified(world.applicant_user, f"measure:{m.pk}:").count() == 1
    # On the deadline nothing happens; the day after, the tick flags it once and tells both.
    assert dict(tick(m.due_on))["限期整改逾期提示"] == 0
    late = m.due_on + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert dict(tick(late))["限期整改逾期提示"] == 1
    state = (
        list(Measure.objects.values_list("status", flat=True)),
        MeasureChange.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.exclude(action__startswith="core.").count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sum(n for _, n in tick(late)) == 0
    assert state == (
        list(Measure.objects.values_list("status", flat=True)),
        MeasureChange.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.exclude(action__startswith="core.").count(),
    )
    m.refresh_from_db()
    assert m.status == MeasureStatus.OVERDUE
    assert _notified(world.applicant_user, f"measure:{m.pk}:overdue").count() == 1
    assert _notified(official, f"measure:{m.pk}:overdue").count() == 1
    assert AuditEvent.objects.filter(action="supervision.measure.flag_overdue").count() == 1
    # Shown as overdue to the firm (its 通报整改 list and page) and on the official's check page.
    client.force_login(world.applicant_user)
    assert "逾期未整改" in client.get("/supervision/measures/").content.decode()
    html = client.get(f"/supervision/measures/{m.pk}/").content.decode()
    assert "逾期未整改" in html and "提交整改报告" in html and "停止服务" not in html
    client.force_login(official)
    html = client.get(f"/supervision/checks/{check.pk}/").content.decode()
    assert m.number in html and "逾期未整改" in html
    # A firm is not a provider: no 停止服务; it still answers late, and the official accepts.
    with at(late):
        with pytest.raises(Conflict):
            measure_stop(actor=official, measure=m, reasons=["拒不整改"])
        m = measure_report(actor=world.applicant_user, measure=m, report="已补齐原始记录")
        assert m.status == MeasureStatus.REPORTED
        m = measure_decide(actor=official, measure=m, accept=True)
    assert m.status == MeasureStatus.CLOSED
    assert list(m.changes.values_list("action", flat=True)) == ["flag_overdue", "report", "accept"]


@pytest.mark.django_db
def test_rectify_through_the_api_names_the_provider(paid, client):
    world, j, day = paid
    official = world.officials["county"]
    with at(day):
        check = _draw(world, day, method="both", seed=1).checks.get()
        check_start(actor=official, check=check)
        finding_record(actor=official, check=check, text="服务内容与合同不符")
        client.force_login(official)
        response = client.post(
            f"/api/v1/supervision/checks/{check.pk}/conclude",
            {"outcome": "rectify", "party": "provider", "days": 15},
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    check.refresh_from_db()
    assert response.json()["rectification"] == check.rectification.number
    assert check.rectification.provider == world.provider
