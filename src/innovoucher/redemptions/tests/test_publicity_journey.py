"""The whole way after an application, through the real services: submit → review chain →
publicity → an objection → re-deliberation by the meeting → the next list → tick closes it →
批复 → money reserved → payment batch → paid (Urumqi, art. 17)."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.ledger import services as ledger
from innovoucher.ledger.selectors import ledger_verify
from innovoucher.ledger.tests.helpers import result_csv
from innovoucher.notifications.selectors import todo_list_for_actor
from innovoucher.redemptions.models import Approval, ReviewStep
from innovoucher.redemptions.services.publicity import objection_decide, objection_submit
from innovoucher.redemptions.states import RedemptionStatus as S
from innovoucher.redemptions.tests.intake_support import approve_all, intake_env, ready  # noqa: F401 (fixture)
from innovoucher.redemptions.tests.publicity_support import tick, world_for
from testsupport import make_user
from testsupport.world import START


@pytest.mark.django_db
def test_urumqi_from_application_to_payment_with_an_objection(intake_env):
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        r = approve_all(world, ready(world))
    assert r.status == S.PUBLICITY and r.subsidy_fen > 0
    first = r.publicity_items.get().publicity
    day = first.starts_on + dt.timedelta(days=1)
    with clock.frozen_now(day):
        objection = objection_submit(
            actor=make_user("journey-citizen"),
            item=r.publicity_items.get(),
            objector_name="公众甲",
            contact="13900009999",
            grounds="服务合同金额与市场价格差距较大，请核查。",
        )
        city = world.officials["city"]
        assert any(t.category == "公示异议" for t in todo_list_for_actor(actor=city))
        r.refresh_from_db()
        assert r.status == S.IN_REVIEW
        step = ReviewStep.objects.get(redemption=r, status="pending")
        assert (step.level, step.action_label) == ("meeting", "会议重新审议")
        objection_decide(
            actor=city,
            objection=objection,
            outcome="dismissed",
            resolution="经会议重新审议，合同价格合理，异议不成立。",
        )
        r = approve_all(world, r)
    assert r.status == S.PUBLICITY
    second = r.publicity_items.get(status="listed").publicity
    assert second != first and second.starts_on == day + dt.timedelta(days=1)
    tick(second.ends_on + dt.timedelta(days=1))
    r.refresh_from_db()
    assert r.status == S.PAYABLE and r.approval == Approval.objects.get(publicity=second)
    officer = world.finance["city"]
    with clock.frozen_now(second.ends_on + dt.timedelta(days=2)):
        batch = ledger.batch_create(
            actor=officer, payer_region="650100", cadence="per_notice", period="2026-第1批"
        )
        ledger.batch_export(actor=officer, batch=batch)
        ledger.batch_import_results(
            actor=officer, batch=batch, filename="r.csv", content=result_csv(batch)
        )
    tick(second.ends_on + dt.timedelta(days=3))
    r.refresh_from_db()
    assert r.status == S.PAID and ledger_verify().ok
    if r.voucher_id:
        assert r.voucher_uses.filter(status="redeemed").exists()
    actions = list(r.changes.values_list("action", flat=True))
    assert actions[-6:] == [
        "to_publicity",
        "reopen",
        "to_publicity",
        "publicity_pass",
        "reserve",
        "pay",
    ]
