"""Order creation is idempotent: the API's `Idempotency-Key` header and the order form's hidden
one-time token make a retried request (sequential, or concurrent on PostgreSQL) return the order
the first request placed — never a second order."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from innovoucher.core import clock
from innovoucher.orders.codes import Code
from innovoucher.orders.models import Order
from testsupport.world import START

pytestmark = pytest.mark.django_db


def _order(w):
    return {"client_id": w.applicant.pk, "service_id": w.service.pk, "subject": "委托检测"}


def test_api_retry_with_the_same_key_returns_the_first_order(make_world):
    w = make_world("shaoxing", funded=False)
    client = Client()
    client.force_login(w.applicant_user)
    with clock.frozen_now(START["shaoxing"]):
        first = client.post(
            "/api/v1/orders/", _order(w), "application/json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        again = client.post(
            "/api/v1/orders/", _order(w), "application/json", HTTP_IDEMPOTENCY_KEY="k-1"
        )
        other = client.post(
            "/api/v1/orders/", _order(w), "application/json", HTTP_IDEMPOTENCY_KEY="k-2"
        )
        bad = client.post(
            "/api/v1/orders/", _order(w), "application/json", HTTP_IDEMPOTENCY_KEY="k 3\u4e2d"
        )
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert bad.status_code == 422 and bad.json()["code"] == Code.IDEMPOTENCY_KEY_INVALID
    assert Order.objects.filter(client=w.applicant).count() == 2


def test_order_form_posted_twice_places_one_order(make_world):
    w = make_world("shaoxing", funded=False)
    client = Client()
    client.force_login(w.applicant_user)
    url = f"/orders/new/?service={w.service.pk}"
    with clock.frozen_now(START["shaoxing"]):
        page = client.get(url)
        assert page.status_code == 200
        form = page.context["form"]
        token = form["idempotency_key"].value()
        assert token and f'name="idempotency_key" value="{token}"' in page.content.decode()
        data = {
            "service": w.service.pk,
            "client": w.applicant.pk,
            "subject": "委托检测",
            "contract_amount": "100000.00",
            "category": "testing",
            "family": "",
            "voucher": "",
            "idempotency_key": token,
        }
        first = client.post(url, data)
        second = client.post(url, data)
        assert first.status_code == 302 and second.status_code == 302
        assert first["Location"] == second["Location"]
        assert Order.objects.filter(client=w.applicant).count() == 1
        fresh = client.get(url).context["form"]["idempotency_key"].value()
        assert fresh != token


@pytest.mark.postgres
def test_concurrent_api_retries_place_one_order(transactional_db, make_world):
    w = make_world("shaoxing", funded=False)
    count = 8
    barrier, results = threading.Barrier(count), [None] * count

    def worker(i):
        try:
            client = Client()
            client.force_login(w.applicant_user)
            barrier.wait()
            results[i] = client.post(
                "/api/v1/orders/", _order(w), "application/json", HTTP_IDEMPOTENCY_KEY="retry-1"
            )
        except BaseException as exc:  # noqa: BLE001 - asserted below
            results[i] = exc
        finally:
            connection.close()

    with clock.frozen_now(START["shaoxing"]):
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in results)
    assert statuses == [200] * (count - 1) + [201], statuses
    assert len({r.json()["id"] for r in results}) == 1
    assert Order.objects.filter(client=w.applicant).count() == 1
