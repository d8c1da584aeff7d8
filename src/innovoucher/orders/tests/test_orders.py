"""Orders end to end through the services: placing, deduction per policy, cancellation, the order
transition table, scoping and the messages a person sees."""

import datetime as dt

import pytest
from django.utils import timezone

from innovoucher.accounts.roles import Role
from innovoucher.core.codes import Code as CoreCode
from innovoucher.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innovoucher.orders import selectors, services
from innovoucher.orders.codes import Code
from innovoucher.orders.models import Order
from innovoucher.orders.states import CLIENT, ORDER_TRANSITIONS, OrderStatus
from innovoucher.orders.tests.conftest import approved_contract, at, place
from innovoucher.providers import services as providers
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers.models import VoucherUse
from testsupport.world import make_user, register_party


def deliver_and_settle(w, order):
    services.order_accept(actor=w.provider_user, order=order)
    services.order_deliver(actor=w.provider_user, order=order)
    return services.order_settle(actor=w.applicant_user, order=order)


def test_shaoxing_one_click_deduction_is_half_of_the_order(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        order = place(w, "100000.00", voucher=v)
        v.refresh_from_db()
        assert (v.status, v.reserved_fen) == ("reserved", 50_000_00)
    with at("shaoxing", 10):
        order = deliver_and_settle(w, order)
    v.refresh_from_db()
    assert (order.status, order.deduction_fen, order.paid_fen) == ("settled", 50_000_00, 50_000_00)
    assert (v.status, v.reserved_fen, v.used_fen, v.remaining_fen) == (
        "issued",
        0,
        50_000_00,
        150_000_00,
    )
    assert any("一键抵扣" in row["step"] for row in order.trace)
    assert VoucherUse.objects.get(order=order).status == "used"


def test_shaoxing_deduction_is_limited_by_what_the_voucher_has_left(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        first = place(w, "360000.00", voucher=v)  # 50 % = 180,000
        second = place(w, "100000.00", voucher=v)  # only 20,000 left
        deliver_and_settle(w, first)
        second = deliver_and_settle(w, second)
    assert (second.deduction_fen, second.paid_fen) == (20_000_00, 80_000_00)
    v.refresh_from_db()
    assert (v.status, v.used_fen, v.remaining_fen) == ("used", 200_000_00, 0)


def test_ningxia_in_region_contract_voucher_deducts_marginal_tiers(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "300000.00")
        contract = approved_contract(w, order)
        v = contract.voucher
        assert v.face_fen == 110_000_00  # 100,000 × 50 % + 200,000 × 30 %
        assert any("分段累进" in row["value"] for row in v.trace)
        order = deliver_and_settle(w, order)
    assert (order.deduction_fen, order.paid_fen) == (110_000_00, 190_000_00)
    v.refresh_from_db()
    assert (v.status, v.used_fen) == ("used", 110_000_00)


def test_ningxia_out_of_region_provider_pays_in_full(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        outside, staff = register_party(
            "610102",
            kind="provider",
            provider_kind="university",
            reviewer=make_user("sx-county-reviewer", Role.COUNTY_REVIEWER, "610102"),
        )
        service = providers.service_publish(
            actor=staff,
            provider=outside,
            category="testing",
            name="区外检测",
            price="100000.00",
            turnaround_days=10,
        )
        order = services.order_place(
            actor=w.applicant_user,
            client=w.applicant,
            service=service,
            family="ningxia",
            subject="区外检测",
            contract_amount="100000.00",
        )
        services.order_accept(actor=staff, order=order)
        services.order_deliver(actor=staff, order=order)
        order = services.order_settle(actor=w.applicant_user, order=order)
    assert (order.deduction_fen, order.paid_fen) == (0, 100_000_00)


def test_voucher_refused_where_the_policy_never_deducts(make_world):
    w = make_world("shanxi")
    with at("shanxi"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shanxi")
        with pytest.raises(ValidationFailed) as exc:
            place(w, voucher=v)
        assert exc.value.code == Code.NO_CHECKOUT_DEDUCTION
        order = deliver_and_settle(w, place(w))
    assert (order.deduction_fen, order.paid_fen) == (0, 100_000_00)


def test_place_messages_say_what_to_fix(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        with pytest.raises(ValidationFailed) as exc:
            services.order_place(
                actor=w.applicant_user,
                client=w.applicant,
                service=w.service,
                family="shaoxing",
                subject="  ",
                contract_amount="12.345",
            )
        fields = exc.value.details["fields"]
        assert "subject" in fields and "格式不正确" in fields["contract_amount"][0]
        with pytest.raises(ValidationFailed, match="请选择一项服务"):
            services.order_place(
                actor=w.applicant_user,
                client=w.applicant,
                family="shaoxing",
                subject="x",
                contract_amount="1",
            )
        with pytest.raises(PermissionDenied):
            services.order_place(
                actor=w.provider_user,
                client=w.applicant,
                service=w.service,
                subject="x",
                contract_amount="1",
            )
        other, other_user = register_party("330602", reviewer=w.officials["county"])
        theirs = vouchers.voucher_claim(actor=other_user, holder=other, family="shaoxing")
        with pytest.raises(ValidationFailed, match="不得转让"):
            place(w, voucher=theirs)


def test_cancel_releases_the_hold_and_decline_needs_reasons(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        order = place(w, voucher=v)
        with pytest.raises(ValidationFailed) as exc:
            services.order_cancel(actor=w.applicant_user, order=order, reasons=[])
        assert exc.value.code == CoreCode.REASONS_REQUIRED
        order = services.order_cancel(actor=w.applicant_user, order=order, reasons=["需求变更"])
        v.refresh_from_db()
        assert (order.status, v.status, v.reserved_fen) == ("cancelled", "issued", 0)
        other = place(w)
        with pytest.raises(PermissionDenied):
            services.order_decline(actor=w.applicant_user, order=other, reasons=["x"])
        other = services.order_decline(actor=w.provider_user, order=other, reasons=["设备检修"])
    assert other.reasons == ["设备检修"] and other.changes.last().action == "decline"


def test_order_from_a_completed_booking(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        instrument = providers.instrument_register(
            actor=w.provider_user, provider=w.provider, name="扫描电镜", price_per_hour="800.00"
        )
        start = timezone.make_aware(dt.datetime(2026, 3, 3, 9))
        booking = providers.booking_request(
            actor=w.applicant_user,
            instrument=instrument,
            organisation=w.applicant,
            start=start,
            end=start + dt.timedelta(hours=2),
        )
        with pytest.raises(ValidationFailed, match="完成后"):
            services.order_place(
                actor=w.applicant_user,
                client=w.applicant,
                booking=booking,
                family="shaoxing",
                subject="",
            )
        providers.booking_confirm(actor=w.provider_user, booking=booking)
    with at("shaoxing", 2):
        providers.booking_complete(actor=w.provider_user, booking=booking)
        assert selectors.bookings_to_order(actor=w.applicant_user) == [booking]
        order = services.order_place(
            actor=w.applicant_user,
            client=w.applicant,
            booking=booking,
            family="shaoxing",
            subject="",
        )
        assert (order.provider_id, order.contract_amount_fen, order.category) == (
            w.provider.pk,
            1_600_00,
            "testing",
        )
        with pytest.raises(Conflict) as exc:
            services.order_place(
                actor=w.applicant_user,
                client=w.applicant,
                booking=booking,
                family="shaoxing",
                subject="",
            )
        assert exc.value.code == Code.BOOKING_ALREADY_ORDERED


@pytest.mark.parametrize("status", list(OrderStatus.values))
def test_every_status_and_action_of_the_order_table(make_world, status):
    w = make_world("shaoxing")
    with at("shaoxing"):
        order = place(w)
        for action, t in ORDER_TRANSITIONS.items():
            Order.objects.filter(pk=order.pk).update(
                status=status, delivered_on=order.placed_at.date()
            )
            order.refresh_from_db()
            actor = w.applicant_user if t.by == CLIENT else w.provider_user
            call = dict(actor=actor, order=order, action=action, by=t.by, reasons=["理由"])
            if status in t.sources:
                assert services.apply_order_transition(**call).status == t.target
            else:
                with pytest.raises(Conflict):
                    services.apply_order_transition(**call)
            with pytest.raises(PermissionDenied):
                services.apply_order_transition(**{**call, "by": "reviewer"})


def test_scoping_other_firms_and_other_counties_see_nothing(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, "300000.00")
        contract = approved_contract(w, order)
        other_county = make_user("yinchuan-jinfeng", Role.COUNTY_REVIEWER, "640106")
        other_firm, other_user = register_party("640104", reviewer=w.officials["county"])
        for actor in (other_county, other_user):
            with pytest.raises(NotFound):
                selectors.order_get(actor=actor, pk=order.pk)
            with pytest.raises(NotFound):
                selectors.contract_get(actor=actor, pk=contract.pk)
        with pytest.raises(PermissionDenied):
            services.order_settle(actor=other_user, order=order)
        assert selectors.order_get(actor=w.officials["city"], pk=order.pk) == order
        assert selectors.order_get(actor=w.provider_user, pk=order.pk) == order
        assert list(selectors.order_list_for_official(actor=other_county)) == []


def test_orders_similar_is_the_split_signal(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        first = place(w, "90000.00")
        second = place(w, "80000.00", subject="另一项")
    with at("ningxia", 30):
        third = place(w, "70000.00")
    with at("ningxia", 95):
        late = place(w, "10000.00")
    assert {o.pk for o in selectors.orders_similar(third)} == {first.pk, second.pk}
    assert {o.pk for o in selectors.orders_similar(late)} == {third.pk}
