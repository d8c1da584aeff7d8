"""Publicity (公示): the period, who publishes, one list per body and day, objections that reopen
review, the official's decision, and the close by the tick."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.redemptions.models import Approval, Objection, Publicity, ReviewStep
from innovoucher.redemptions.selectors import (
    objection_get,
    publicity_get_public,
    publicity_list_for_official,
    publicity_list_public,
)
from innovoucher.redemptions.services.publicity import objection_decide, objection_submit
from innovoucher.redemptions.states import (
    ItemStatus,
    ObjectionStatus,
    PublicityStatus,
    StepStatus,
)
from innovoucher.redemptions.states import (
    RedemptionStatus as S,
)
from innovoucher.redemptions.tests.publicity_support import (  # noqa: F401 (fixture)
    _fast_private_calendar,
    pass_review,
    redemption_in_review,
    tick,
    world_for,
)
from innovoucher.redemptions.todos import objection_todos
from innovoucher.workdays.services import add_working_days, publicity_period
from testsupport import make_user
from testsupport.world import START

D = dt.date


@pytest.mark.django_db
def test_period_working_days_and_calendar_days():
    # through the one deadline function of the platform (`workdays.services.publicity_period`)
    assert publicity_period(D(2026, 3, 6), 5, "working") == (D(2026, 3, 7), D(2026, 3, 13))
    assert publicity_period(D(2026, 3, 2), 7, "calendar") == (D(2026, 3, 3), D(2026, 3, 9))
    with pytest.raises(ValidationFailed):
        publicity_period(D(2026, 3, 2), 7, "fortnights")


@pytest.mark.django_db
def test_five_working_days_across_the_labour_day_holiday():
    # 2026: 5月1日至5日放假，5月9日（周六）上班. Passed on Wed 29 April: 30 Apr, 6, 7, 8, 9 May.
    assert publicity_period(D(2026, 4, 29), 5, "working") == (D(2026, 4, 30), D(2026, 5, 9))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "family, region, ends",
    [
        ("shanxi", "140000", D(2026, 3, 9)),  # 5 working days from Tue 3 March
        ("urumqi", "650100", D(2026, 3, 9)),  # the city's meeting publishes
        ("shaoxing", "330602", D(2026, 3, 9)),  # 7 calendar days, the county
        (
            "liaocheng",
            "371500",
            D(2025, 3, 10),
        ),  # the city (art. 20), 5 working days from Tue 4 March 2025
    ],
)
def test_review_passed_lists_the_redemption_with_its_publishing_body(family, region, ends):
    world = world_for(family)
    with clock.frozen_now(START[family]):
        a = pass_review(world, redemption_in_review(world, subsidy_fen=800_000))
        b = pass_review(world, redemption_in_review(world, subsidy_fen=900_000))
    assert a.status == b.status == S.PUBLICITY
    publicity = Publicity.objects.get()
    assert (publicity.region_code, publicity.starts_on, publicity.ends_on) == (
        region,
        START[family] + dt.timedelta(days=1),
        ends,
    )
    assert [(i.redemption, i.amount_fen, i.status) for i in publicity.items.all()] == [
        (a, 800_000, "listed"),
        (b, 900_000, "listed"),
    ]
    assert publicity.number.endswith("〔%d〕1号" % START[family].year) and publicity.article
    with clock.frozen_now(START[family] + dt.timedelta(days=1)):
        c = pass_review(world, redemption_in_review(world))
    assert c.publicity_items.get().publicity != publicity, (
        "a list that has started takes no new item: every item gets the full period"
    )
    assert (
        Notification.objects.filter(
            recipient=world.applicant_user, key__contains=":listed:"
        ).count()
        == 3
    )


def _listed(family="urumqi"):
    world = world_for(family)
    with clock.frozen_now(START[family]):
        r = pass_review(world, redemption_in_review(world, subsidy_fen=1_000_000))
    return world, r, r.publicity_items.get()


def _object(item, user, **kw):
    data = {
        "objector_name": "王五",
        "contact": "13900001234",
        "grounds": "该企业与服务机构存在关联关系，合同金额明显虚高。",
    }
    data.update(kw)
    return objection_submit(actor=user, item=item, **data)


@pytest.mark.django_db
def test_objection_reopens_review_with_a_new_meeting_step_and_re_approval_goes_on_the_next_list():
    world, r, item = _listed("urumqi")
    citizen = make_user("citizen-1")
    day = item.publicity.starts_on + dt.timedelta(days=2)
    with clock.frozen_now(day):
        objection = _object(item, citizen)
    item.refresh_from_db()
    r.refresh_from_db()
    assert item.status == ItemStatus.OBJECTED and objection.status == ObjectionStatus.OPEN
    assert r.status == S.IN_REVIEW and r.round == 1
    step = ReviewStep.objects.get(redemption=r, status=StepStatus.PENDING)
    assert (step.level, step.round, step.position, step.action_label, step.region_code) == (
        "meeting",
        1,
        4,
        "会议重新审议",
        "650100",
    )
    assert step.due_on == add_working_days(day, 10)
    assert Notification.objects.filter(
        recipient=world.officials["city"], key=f"objection:{objection.pk}:received"
    ).exists()
    # a second person may add grounds; the same person may not object twice while it is open
    with clock.frozen_now(day):
        _object(item, make_user("citizen-2"))
        with pytest.raises(Conflict):
            _object(item, citizen)
    assert ReviewStep.objects.filter(redemption=r).count() == 4, "only the first objection reopens"
    # the official decides; the re-deliberation approves; the next list takes it
    with clock.frozen_now(day):
        objection_decide(
            actor=world.officials["city"],
            objection=objection,
            outcome="dismissed",
            resolution="经核查，双方无关联关系，异议不成立。",
        )
        again = pass_review(world, r)
    assert again.status == S.PUBLICITY
    lists = list(again.publicity_items.order_by("id").values_list("publicity__starts_on", "status"))
    assert lists == [(item.publicity.starts_on, "objected"), (day + dt.timedelta(days=1), "listed")]
    tick(item.publicity.ends_on + dt.timedelta(days=1))
    item.publicity.refresh_from_db()
    assert (
        item.publicity.status == PublicityStatus.CLOSED
        and not Approval.objects.filter(publicity=item.publicity).exists()
    )
    second = again.publicity_items.get(status="listed").publicity
    tick(second.ends_on + dt.timedelta(days=1))
    again.refresh_from_db()
    assert again.status == S.PAYABLE and again.approval.publicity == second


@pytest.mark.django_db
def test_objection_needs_login_valid_fields_and_an_open_period():
    world, r, item = _listed("shanxi")
    citizen = make_user("citizen-3")
    with clock.frozen_now(item.publicity.starts_on):
        with pytest.raises(PermissionDenied):
            _object(item, AnonymousUser())
        with pytest.raises(ValidationFailed) as bad:
            _object(item, citizen, objector_name="王", contact="电话", grounds="不对")
        assert set(bad.value.details["fields"]) == {"objector_name", "contact", "grounds"}
    with clock.frozen_now(item.publicity.starts_on - dt.timedelta(days=1)):
        with pytest.raises(Conflict, match="开始"):
            _object(item, citizen)
    with clock.frozen_now(item.publicity.ends_on):  # 届满 counts the last day
        _object(item, citizen, contact="0351-1234567")
    with clock.frozen_now(item.publicity.ends_on + dt.timedelta(days=1)):
        with pytest.raises(Conflict, match="期满"):
            _object(item, make_user("citizen-4"), contact="someone@example.cn")


@pytest.mark.django_db
def test_the_decision_is_checked_scoped_and_taken_once():
    world, r, item = _listed("shanxi")
    with clock.frozen_now(item.publicity.starts_on):
        objection = _object(item, make_user("citizen-5"))
    province = world.officials["province"]
    with pytest.raises(PermissionDenied):
        objection_decide(
            actor=world.officials["city"],
            objection=objection,
            outcome="upheld",
            resolution="异议成立，不予支持",
        )
    with pytest.raises(ValidationFailed) as bad:
        objection_decide(actor=province, objection=objection, outcome="maybe", resolution="")
    assert set(bad.value.details["fields"]) == {"outcome", "resolution"}
    assert [t.category for t in objection_todos(province)] == ["公示异议"]
    objection_decide(
        actor=province,
        objection=objection,
        outcome="upheld",
        resolution="经核查异议属实，重新审议。",
    )
    with pytest.raises(Conflict):
        objection_decide(
            actor=province,
            objection=Objection.objects.get(pk=objection.pk),
            outcome="dismissed",
            resolution="异议不成立",
        )
    assert (
        Objection.objects.get(pk=objection.pk).status == "upheld"
        and objection_todos(province) == []
    )
    # another province's official can neither read nor decide it
    other = make_user("sn-province", role=Role.PROVINCE_REVIEWER, region="610000")
    with pytest.raises(NotFound):
        objection_get(actor=other, pk=objection.pk)
    assert list(publicity_list_for_official(actor=other)) == []
    assert [p.pk for p in publicity_list_for_official(actor=province)] == [item.publicity_id]


@pytest.mark.django_db
def test_public_lists_show_published_lists_only():
    world, r, item = _listed("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        assert list(publicity_list_public()) == []
        with pytest.raises(NotFound):
            publicity_get_public(pk=item.publicity_id)
    with clock.frozen_now(item.publicity.starts_on):
        assert [p.pk for p in publicity_list_public(state="open")] == [item.publicity_id]
        assert publicity_get_public(pk=item.publicity_id) == item.publicity
    with clock.frozen_now(item.publicity.ends_on + dt.timedelta(days=1)):
        assert list(publicity_list_public(state="open")) == []
        assert [p.pk for p in publicity_list_public(state="closed")] == [item.publicity_id]
