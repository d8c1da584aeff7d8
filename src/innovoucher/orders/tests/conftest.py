"""Order test helpers: worlds built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.orders import services
from testsupport.world import START, build_world


@pytest.fixture
def make_world(seed_policies):
    def make(family: str, **kwargs):
        with clock.frozen_now(START[family]):
            return build_world(family, **kwargs)

    return make


def at(family: str, days: int = 0):
    return clock.frozen_now(START[family] + dt.timedelta(days=days))


def place(w, amount="100000.00", voucher=None, family=None, subject="委托检测"):
    return services.order_place(
        actor=w.applicant_user,
        client=w.applicant,
        service=w.service,
        family=w.family if family is None else family,
        subject=subject,
        contract_amount=amount,
        voucher=voucher,
    )


def contract_data(order, **changes):
    data = services.contract_initial(order)
    data.deliverables = "检测报告一份，符合国家标准"
    data.contract_type = "development"
    data.registration_no = "6401042026000123"
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def approved_contract(w, order, **changes):
    """Fill, submit and approve the order's standard contract (Ningxia)."""
    contract = services.contract_save(
        actor=w.applicant_user, order=order, data=contract_data(order, **changes)
    )
    contract = services.contract_submit(actor=w.applicant_user, contract=contract)
    return services.contract_approve(actor=w.officials["agency"], contract=contract)
