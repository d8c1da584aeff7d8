"""The review chain: who may act, return → resubmit with history, reject, amounts, scoping by
county, overdue flagging (idempotent), the re-deliberation step, to-dos."""

import datetime as dt

import pytest

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.notifications.models import Notification
from innovoucher.redemptions import selectors, todos
from innovoucher.redemptions.models import Invoice, RedemptionDocument, ReviewStep
from innovoucher.redemptions.services import resubmission, review, steps, submission
from innovoucher.redemptions.tests.intake_support import (
    documents,
    intake_env,
    invoice,
    open_call,
    ready,
    submit,
    world_for,
)  # noqa: F401
from innovoucher.workdays.services import deadline_after
from testsupport import make_user
from testsupport.world import START, register_party


def _step(r):
    return steps.pending_step(r)


def test_only_the_official_of_the_pending_step_may_act(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        r = ready(w)
        step = _step(r)
        assert step.level == "county" and step.region_code == w.county
        for other in (
            w.officials["city"],
            w.officials["province"],
            w.applicant_user,
            w.provider_user,
        ):
            with pytest.raises(PermissionDenied):
                review.review_decide(actor=other, step=step, action="approve")
        review.review_decide(
            actor=w.officials["county"], step=step, action="approve", opinion="材料齐全，同意推荐"
        )
        step = _step(r)
        assert (
            step.level == "city"
            and step.region_code == "371500"
            and step.started_on == clock.today()
            and step.due_on
        )
        with pytest.raises(PermissionDenied):
            review.review_decide(actor=w.officials["county"], step=step, action="approve")


def test_another_countys_official_cannot_read_or_act_by_guessing_the_id(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = ready(w)
        stranger = make_user("county-640106", Role.COUNTY_REVIEWER, "640106")
        with pytest.raises(NotFound):
            selectors.redemption_get(actor=stranger, pk=r.pk)
        with pytest.raises(PermissionDenied):
            review.review_decide(actor=stranger, step=_step(r), action="approve")
        assert not selectors.review_queue_for_reviewer(actor=stranger).exists()
        assert list(selectors.review_queue_for_reviewer(actor=w.officials["agency"])) == [_step(r)]
        assert (
            selectors.redemption_get(actor=w.officials["city"], pk=r.pk) == r
        )  # the city sees its counties
        _, other_firm = register_party("640104", reviewer=w.officials["county"])
        with pytest.raises(NotFound):
            selectors.redemption_get(actor=other_firm, pk=r.pk)
        assert (
            selectors.redemption_get(actor=w.applicant_user, pk=r.pk) == r
        )  # both parties read it


def test_return_then_resubmit_starts_a_new_round_and_keeps_history(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = ready(w)
        with pytest.raises(ValidationFailed) as exc:
            review.review_decide(actor=w.officials["agency"], step=_step(r), action="return")
        assert exc.value.code == "reasons_required"
        r = review.review_decide(
            actor=w.officials["agency"],
            step=_step(r),
            action="return",
            reasons="服务结果报告缺少盖章\n发票抬头有误",
        )
        assert r.status == "returned" and r.reasons == ["服务结果报告缺少盖章", "发票抬头有误"]
        assert Notification.objects.filter(
            recipient=w.provider_user, subject__contains="退回修改"
        ).exists()
        assert [t.url for t in todos.returned_applications(w.provider_user)] == [
            f"/redemptions/{r.pk}/"
        ]
        r = resubmission.redemption_resubmit(
            actor=w.provider_user,
            redemption=r,
            documents=documents("result_report"),
            invoice=invoice("26640000999988887777"),
            note="已补盖章",
        )
    assert r.status == "in_review" and r.round == 2
    rounds = {}
    for s in ReviewStep.objects.filter(redemption=r):
        rounds.setdefault(s.round, []).append(s.status)
    assert rounds == {1: ["returned"], 2: ["pending"]}  # one step: the agency (第5—6步)
    reports = RedemptionDocument.objects.filter(redemption=r, kind="result_report").order_by("id")
    assert [(d.round, d.superseded) for d in reports] == [(1, True), (2, False)]
    assert [i.number for i in Invoice.objects.filter(redemption=r, released_at__isnull=True)] == [
        "26640000999988887777"
    ]
    assert [c.action for c in r.changes.all()] == ["submit", "return", "resubmit"]
    dossier = selectors.redemption_dossier(actor=w.provider_user, redemption=r)
    assert [x.number for x in dossier.rounds] == [2, 1]


def test_reject_frees_the_invoice_and_needs_reasons(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        r = ready(w)
        r = review.review_decide(
            actor=w.officials["county"],
            step=_step(r),
            action="reject",
            reasons=["与企业创新活动无关"],
        )
    assert r.status == "rejected" and r.invoices.get().released_at is not None
    assert not ReviewStep.objects.filter(redemption=r, status__in=["pending", "waiting"]).exists()


def test_recommended_amount_lowers_the_subsidy_and_shares_in_proportion(intake_env):
    w = world_for("liaocheng")
    with clock.frozen_now(START["liaocheng"]):
        r = ready(w)
        assert r.subsidy_fen == 9_000_000
        with pytest.raises(ValidationFailed) as exc:
            review.review_decide(
                actor=w.officials["county"], step=_step(r), action="approve", amount="90000.01"
            )
        assert exc.value.code == "amount_above_subsidy"
        review.review_decide(
            actor=w.officials["county"], step=_step(r), action="approve", amount="60000.00"
        )
        r.refresh_from_db()
    assert r.subsidy_fen == 6_000_000 and r.shares == {"province": 4_000_000, "city": 2_000_000}
    assert r.trace[-1]["step"].startswith("审核核定")
    assert ReviewStep.objects.get(redemption=r, position=1).amount_fen == 6_000_000


def test_a_decided_step_cannot_be_decided_again(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = ready(w)
        stale = _step(r)
        review.review_decide(actor=w.officials["agency"], step=stale, action="approve")
        with pytest.raises(Conflict) as exc:
            review.review_decide(actor=w.officials["agency"], step=stale, action="approve")
    assert exc.value.code == "invalid_transition"  # the engine refreshed `stale`


def test_overdue_steps_are_flagged_once_and_the_level_above_is_told(intake_env):
    w = world_for("shaoxing")
    with clock.frozen_now(START["shaoxing"]):
        r = ready(w)
        step = _step(r)
    assert step.due_on == dt.date(2026, 3, 16)  # 10 working days after Monday 2 March
    assert review.review_flag_overdue(now=dt.date(2026, 3, 16)) == 0
    assert review.review_flag_overdue(now=dt.date(2026, 3, 17)) == 1
    assert review.review_flag_overdue(now=dt.date(2026, 3, 18)) == 0
    step.refresh_from_db()
    assert step.overdue_flagged
    assert (
        Notification.objects.filter(
            recipient=w.officials["county"], key=f"redemption-step:{step.pk}:overdue"
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            recipient=w.officials["city"], key=f"redemption-step:{step.pk}:overdue-above"
        ).count()
        == 1
    )
    with clock.frozen_now(dt.date(2026, 3, 17)):
        [todo] = todos.pending_reviews(w.officials["county"])
    assert todo.overdue and todo.due_on == step.due_on


def test_default_deadline_and_calendar_days(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        r = ready(w)
    step = _step(r)
    assert step.level == "city" and step.due_on == dt.date(
        2026, 3, 16
    )  # platform default: 10 working days
    assert deadline_after(dt.date(2026, 3, 2), 7, "calendar") == dt.date(2026, 3, 9)


def test_re_deliberation_step_for_an_objection(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = ready(w)
        while _step(r) is not None:
            review.review_decide(actor=w.officials[_step(r).level], step=_step(r), action="approve")
        r.refresh_from_db()
        assert r.status == "publicity"
        step = steps.review_step_reopen(redemption=r, reason="公示异议")
    assert (
        step.level == "meeting"
        and step.position == 4
        and step.status == "pending"
        and step.round == 1
    )
    assert step.region_code == "650100" and step.action_label == "会议重新审议"


def test_confirmation_todos_and_decline(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        open_call(w)
        r = submit(w)
        assert [t.category for t in todos.confirmations(w.provider_user)] == ["服务确认"]
        assert todos.confirmations(w.applicant_user) == []
        with pytest.raises(PermissionDenied):
            submission.redemption_confirm(actor=w.applicant_user, redemption=r)
        with pytest.raises(ValidationFailed):
            submission.redemption_decline(actor=w.provider_user, redemption=r, reasons=[])
        r = submission.redemption_decline(
            actor=w.provider_user, redemption=r, reasons=["金额与合同不符"]
        )
        assert r.status == "returned"
        r = resubmission.redemption_resubmit(actor=w.applicant_user, redemption=r)
    assert r.status == "in_review"
    assert {c["code"]: c["verdict"] for c in r.check_results}["provider_confirmation"] == "refer"
