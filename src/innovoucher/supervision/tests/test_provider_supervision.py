"""Provider and county supervision: Ningxia 通报批评 / 限期整改 / 停止服务 / 取消资格 through the
engine and the admission services; Shaoxing revocation after a dishonesty listing; Liaocheng 通报
published on the public page with a PDF; staff accountability from the audit chain."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.core.audit import AuditEvent
from innovoucher.core.errors import Conflict, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.providers.models import ProviderAdmission
from innovoucher.simulation.journey import tick
from innovoucher.supervision.models import RevocationProposal
from innovoucher.supervision.selectors import staff_actions
from innovoucher.supervision.services.bulletins import (
    bulletin_draft,
    bulletin_pdf,
    bulletin_publish,
)
from innovoucher.supervision.services.measures import (
    measure_decide,
    measure_disqualify,
    measure_issue,
    measure_report,
    measure_stop,
    revocation_execute,
)
from innovoucher.supervision.states import BulletinStatus, MeasureStatus
from innovoucher.supervision.tests.support import at
from testsupport import make_user
from testsupport.world import START, build_world

D = dt.date


def _admission(world):
    return ProviderAdmission.objects.get(organisation=world.provider, family_slug=world.family)


@pytest.mark.django_db
def test_ningxia_measure_runs_to_stop_and_disqualification(seed_policies):
    day = START["ningxia"]
    with at(day):
        world = build_world("ningxia", funded=False)
        official = world.officials["county"]
        stranger = make_user("nx-elsewhere", Role.COUNTY_REVIEWER, "640105")
        with pytest.raises(PermissionDenied):
            measure_issue(actor=stranger, provider=world.provider, family="ningxia", grounds="x")
        with pytest.raises(ValidationFailed) as caught:
            measure_issue(
                actor=official, provider=world.provider, family="ningxia", grounds="差", days=200
            )
        assert caught.value.details["fields"]["days"]
        m = measure_issue(
            actor=official,
            provider=world.provider,
            family="ningxia",
            grounds="年度服务评价结果为差",
        )
        assert m.due_on == D(2026, 4, 1) and "限期整改" in m.article
        with pytest.raises(PermissionDenied):
            measure_report(actor=official, measure=m, report="x")
        m = measure_report(actor=world.provider_user, measure=m, report="已增配检测人员")
        assert m.status == MeasureStatus.REPORTED
        with pytest.raises(PermissionDenied):
            measure_decide(actor=world.provider_user, measure=m, accept=True)
        m = measure_decide(actor=official, measure=m, accept=False, reasons=["整改不到位"])
        assert m.status == MeasureStatus.RECTIFYING
        with pytest.raises(Conflict):
            measure_stop(actor=official, measure=m, reasons=["拒不整改"])
    with at(D(2026, 4, 2)):
        m = measure_stop(actor=official, measure=m, reasons=["期满拒不整改"])
        assert m.status == MeasureStatus.STOPPED
        assert _admission(world).status == "suspended"
        m = measure_disqualify(actor=official, measure=m, reasons=["仍拒不整改"])
        assert m.status == MeasureStatus.DISQUALIFIED
        assert _admission(world).status == "revoked"
    actions = set(
        AuditEvent.objects.filter(object_type="supervision.measure").values_list(
            "action", flat=True
        )
    )
    assert {"supervision.measure.issue", "supervision.measure.stop"} <= actions


@pytest.mark.django_db
def test_shaoxing_revocation_executes_through_the_admission(seed_policies):
    with at(START["shaoxing"]):
        world = build_world("shaoxing", funded=False)
        proposal = RevocationProposal.objects.create(
            provider=world.provider,
            region_code=world.provider.region_code,
            family_slug="shaoxing",
            article="三（二）4",
            basis="被列入失信主体名单（信用中国）",
            proposed_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        )
        with pytest.raises(ValidationFailed):
            revocation_execute(actor=world.officials["county"], proposal=proposal, reasons=[])
        with pytest.raises(PermissionDenied):
            revocation_execute(actor=world.provider_user, proposal=proposal, reasons=["x"])
        done = revocation_execute(
            actor=world.officials["county"], proposal=proposal, reasons=["列入失信名单"]
        )
        assert done.executed_at is not None
        assert _admission(world).status == "revoked"
        with pytest.raises(Conflict):
            revocation_execute(actor=world.officials["county"], proposal=done, reasons=["x"])


@pytest.mark.django_db
def test_liaocheng_bulletin_lists_low_use_and_is_published_with_a_pdf(seed_policies):
    day = START["liaocheng"]
    with at(day):
        world = build_world("liaocheng", funded=False)
        city = world.officials["city"]
        with pytest.raises(ValidationFailed) as caught:
            bulletin_draft(
                actor=city,
                region_code=world.city,
                family="liaocheng",
                period_from=day,
                period_to=day - dt.timedelta(days=1),
            )
        assert caught.value.details["fields"]["period_to"]
        b = bulletin_draft(
            actor=city,
            region_code=world.city,
            family="liaocheng",
            period_from=D(2025, 1, 1),
            period_to=D(2025, 3, 1),
        )
        assert b.article == "第二十二条"
        kinds = {(e["kind"], e["name"]) for e in b.entries}
        assert ("provider", world.provider.name) in kinds
        assert any(k == "county" for k, _ in kinds)
        public = Client()
        assert b.title not in public.get("/supervision/public/").content.decode()
        b = bulletin_publish(actor=city, bulletin=b)
        assert b.status == BulletinStatus.PUBLISHED
        assert b.title in public.get("/supervision/public/").content.decode()
        page = public.get(f"/supervision/public/{b.pk}/").content.decode()
        assert world.provider.name in page and "使用效率低" in page
    assert bulletin_pdf(b).startswith(b"%PDF-")
    assert public.get(f"/supervision/public/{b.pk}/pdf/")["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_staff_actions_are_searchable_by_supervisors_of_the_region(seed_policies):
    with at(START["ningxia"]):
        world = build_world("ningxia", funded=False)
        official = world.officials["county"]
        m = measure_issue(
            actor=official, provider=world.provider, family="ningxia", grounds="评价为差"
        )
        found = staff_actions(
            world.officials["province"], user=official.username, action="supervision.measure"
        )
        assert [e.object_id for e in found] == [str(m.pk)]
        elsewhere = make_user("sx-county-staff", Role.COUNTY_REVIEWER, "330602")
        assert not staff_actions(elsewhere, user=official.username).exists()
        assert not staff_actions(official, action="x.y", date_from=D(2026, 3, 3)).exists()
        c = Client()
        c.force_login(world.officials["province"])
        html = c.get(
            "/supervision/staff/", {"user": official.username, "action": "supervision"}
        ).content.decode()
        assert f'href="/supervision/measures/{m.pk}/"' in html
        bad = c.get("/supervision/staff/", {"date_from": "2026-13-01"})
        assert bad.status_code == 200  # the bad date is ignored, with a message at its field
        assert "已忽略此条件" in bad.content.decode()
        party = Client()
        party.force_login(world.provider_user)
        assert party.get("/supervision/staff/").status_code == 403


@pytest.mark.django_db
def test_a_provider_measure_past_its_deadline_is_flagged_overdue_once(
    seed_policies, django_capture_on_commit_callbacks
):
    day = START["ningxia"]
    with at(day):
        world = build_world("ningxia", funded=False)
        official = world.officials["county"]
        m = measure_issue(
            actor=official, provider=world.provider, family="ningxia", grounds="评价结果为差"
        )
    assert dict(tick(m.due_on))["限期整改逾期提示"] == 0
    after = m.due_on + dt.timedelta(days=1)
    for expected in (1, 0):
        with django_capture_on_commit_callbacks(execute=True):
            assert dict(tick(after))["限期整改逾期提示"] == expected
    m.refresh_from_db()
    assert m.status == MeasureStatus.OVERDUE
    for user in (world.provider_user, official):
        assert (
            Notification.objects.filter(recipient=user, key=f"measure:{m.pk}:overdue").count()
            + (
                Notification.objects.filter(
                    recipient=user, key=f"measure:{m.pk}:overdue:official"
                ).count()
            )
            == 1
        )
    # Overdue: the official may stop the service; a late report is still received.
    with at(after):
        stopped = measure_stop(actor=official, measure=m, reasons=["期满未整改"])
    assert stopped.status == MeasureStatus.STOPPED and _admission(world).status == "suspended"
