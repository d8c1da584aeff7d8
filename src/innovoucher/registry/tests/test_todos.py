"""Registry to-dos: what waits on a reviewer (registrations, facts, change filings — own region
only) and on a party (returned registrations and filings)."""

import datetime as dt

import pytest

from innovoucher.core import clock
from innovoucher.notifications.selectors import todo_list_for_actor
from innovoucher.registry import services
from innovoucher.registry.tests.conftest import pdf, register

pytestmark = pytest.mark.django_db


def _titles(user):
    return [(t.category, t.title) for t in todo_list_for_actor(actor=user)]


def test_reviewer_and_party_todos(yuecheng, tianshan):
    with clock.frozen_now(dt.date(2026, 3, 2)):
        firm = register("330602", username="todo-firm")
        user = firm.role_assignments.get().user
        assert _titles(yuecheng) == [("登记审核", f"审核主体登记：{firm.name}")]
        services.registration_review(
            actor=yuecheng, organisation=firm, action="return", reasons=["请补充住所"]
        )
        assert _titles(user) == [("登记补正", f"按退回意见修改主体登记：{firm.name}")]
        assert _titles(yuecheng) == []
        firm.status = "approved"
        firm.save(update_fields=["status"])
        services.fact_record(
            actor=user,
            organisation=firm,
            kind="employees",
            value="20",
            valid_from="2026-01-01",
            expires_on="2026-12-31",
            evidence_ref="社保证明",
        )
        filing = services.filing_submit(
            actor=user,
            organisation=firm,
            values={"contact_name": "王五"},
            reason="联系人变更",
            evidence=pdf(),
        )
        todos = {t.category: t for t in todo_list_for_actor(actor=yuecheng)}
        assert todos["资格核验"].title == f"核验资格信息：{firm.name} · 从业人数" and todos[
            "资格核验"
        ].due_on == dt.date(2026, 3, 9)
        assert (
            todos["变更备案"].url == f"/registry/filings/{filing.pk}/"
            and todos["变更备案"].detail == "变更：联系人"
        )
        assert _titles(tianshan) == []
        services.filing_review(
            actor=yuecheng, filing=filing, action="return", reasons=["请上传授权书"]
        )
        assert ("变更备案", f"补正变更备案：{firm.name}") in _titles(user)
