"""To-dos that orders and vouchers contribute to the workbench."""

import datetime as dt

from innovoucher.orders import services, todos
from innovoucher.orders.tests.conftest import at, contract_data, place
from innovoucher.vouchers import services as vouchers
from innovoucher.vouchers import todos as voucher_todos
from innovoucher.vouchers.models import Voucher


def titles(items):
    return [t.title for t in items]


def test_order_and_contract_todos_follow_the_lifecycle(make_world):
    w = make_world("ningxia")
    with at("ningxia"):
        order = place(w, subject="检测甲")
        assert titles(todos.provider_orders(w.provider_user)) == ["确认接单：检测甲"]
        assert todos.provider_orders(w.applicant_user) == []
        contract = services.contract_save(
            actor=w.applicant_user, order=order, data=contract_data(order, project_name="合同甲")
        )
        assert titles(todos.client_contracts(w.applicant_user)) == ["提交服务合同：合同甲"]
        services.contract_submit(actor=w.applicant_user, contract=contract)
        review = todos.contracts_to_review(w.officials["agency"])
        assert (
            titles(review) == ["审核服务合同：合同甲"]
            and review[0].due_on
            and not review[0].overdue
        )
        assert todos.contracts_to_review(w.officials["city"]) == []
        services.order_accept(actor=w.provider_user, order=order)
        services.order_deliver(actor=w.provider_user, order=order)
    with at("ningxia", 40):
        due = todos.client_orders(w.applicant_user)
        assert (
            titles(due) == ["结算并评价：检测甲"]
            and due[0].due_on == dt.date(2026, 3, 16)
            and due[0].overdue
        )
        assert todos.contracts_to_review(w.officials["agency"])[0].overdue


def test_expiring_voucher_is_a_todo(make_world):
    w = make_world("shaoxing")
    with at("shaoxing"):
        v = vouchers.voucher_claim(actor=w.applicant_user, holder=w.applicant, family="shaoxing")
        Voucher.objects.filter(pk=v.pk).update(valid_until=dt.date(2026, 3, 20))
        items = voucher_todos.expiring(w.applicant_user)
    assert titles(items) == [f"创新券即将到期：{v.number}"] and items[0].due_on == dt.date(
        2026, 3, 20
    )
