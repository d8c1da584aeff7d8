"""JSON API: session auth, scoping, amounts as yuan strings, CSRF on the one write."""

import pytest
from django.test import Client

from innovoucher.accounts.roles import Role
from innovoucher.ledger.models import Budget, Transfer
from innovoucher.ledger.tests.helpers import funded, reserve
from testsupport import make_user
from testsupport.world import register_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def money(officer):
    funded(officer, "140000", 1_000_000_00)
    funded(officer, "140100", 500_000_00)
    reserve(officer, "redemption:9", {"city": 12_345_67}, region="140105")
    nx = make_user("fin_nx_api", grants=[(Role.FINANCE_OFFICER, "640000")])
    funded(nx, "640000", 1_00)


def test_anonymous_gets_401_in_the_error_shape(client, money):
    response = client.get("/api/v1/ledger/budgets")
    assert response.status_code == 401 and set(response.json()) == {"code", "message", "details"}


def test_budgets_are_scoped_and_amounts_are_yuan_strings(client, money):
    client.force_login(make_user("ty", grants=[(Role.FINANCE_OFFICER, "140100")]))
    budgets = client.get("/api/v1/ledger/budgets").json()
    assert [b["region_code"] for b in budgets] == ["140100"]
    assert budgets[0]["available"] == "487654.33" and budgets[0]["reserved"] == "12345.67"
    detail = client.get(f"/api/v1/ledger/budgets/{budgets[0]['id']}").json()
    assert detail["forecast"]["remaining"] == "487654.33" and detail["burn_down"]
    other = Budget.objects.get(funder_region="640000")
    assert client.get(f"/api/v1/ledger/budgets/{other.pk}").status_code == 404


def test_transfers_and_claims_and_verify(client, officer, money):
    client.force_login(officer)
    page = client.get("/api/v1/ledger/transfers", {"code": "reserve"}).json()
    assert page["count"] == 1 and page["items"][0]["amount"] == "12345.67"
    claims = client.get("/api/v1/ledger/claims", {"status": "reserved"}).json()
    assert [c["reference"] for c in claims] == ["redemption:9"]
    assert client.get("/api/v1/ledger/verify").json()["ok"] is True


def test_roles_outside_finance_are_refused(client, money):
    client.force_login(register_party("140105", username="someone")[1])
    response = client.get("/api/v1/ledger/budgets")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_allocation_needs_csrf_and_writes_once(officer, money):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    body = {"to_region": "140100", "amount": "1000.00", "reference": "晋科发〔2026〕1号"}
    assert (
        client.post(
            f"/api/v1/ledger/budgets/{pool.pk}/allocations", body, content_type="application/json"
        ).status_code
        == 403
    )
    client.get("/finance/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    first = client.post(
        f"/api/v1/ledger/budgets/{pool.pk}/allocations",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    again = client.post(
        f"/api/v1/ledger/budgets/{pool.pk}/allocations",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert (
        first.status_code == 201
        and first.json()["amount"] == "1000.00"
        and again.json()["id"] == first.json()["id"]
    )
    assert Transfer.objects.filter(code="allocate").count() == 1


def test_bad_amount_is_a_422_not_a_500(client, officer, money):
    client.force_login(officer)
    pool = Budget.objects.get(funder_region="140000", region_code="140000")
    response = client.post(
        f"/api/v1/ledger/budgets/{pool.pk}/allocations",
        {"to_region": "140100", "amount": "1.234", "reference": "x"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "两位小数" in response.json()["message"]
