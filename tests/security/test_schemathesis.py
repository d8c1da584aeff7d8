"""Schemathesis against /api/v1/openapi.json (in-process WSGI, the test database): for every
operation, as anonymous, a firm and an official, positive and negative cases (random ids and the
ids of real records of the world) — 0 server errors, 0 responses outside the declared schema,
status codes and content types as documented. Bounded: a few examples per operation."""

from __future__ import annotations

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import checks
from schemathesis.generation.modes import GenerationMode

from innovoucher.api.openapi import schema_classes
from innovoucher.api.routes import api
from innovoucher.core import clock
from innovoucher.orders import services as orders
from testsupport.world import START

pytestmark = pytest.mark.django_db
EXAMPLES = 2
CSRF = "s" * 32
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.status_code_conformance,
    checks.content_type_conformance,
]


def test_component_names_are_unique_so_each_operation_is_documented_with_its_own_schema():
    spec = api.get_openapi_schema()
    names = spec["components"]["schemas"]
    for name, classes in schema_classes(api).items():
        if len(classes) > 1:
            assert name not in names, name  # qualified by app instead
    change = names["RedemptionsChangeOut"]["properties"]
    assert {"from_status", "to_status", "action"} <= set(change)
    assert "step" in names["RegistryQueueItemOut"]["properties"]
    assert set(names["QuotesStepOut"]["properties"]) == {"step", "value", "article"}


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django closes the database connection when a WSGI request ends; the test client stops
    that, and so must calls through the WSGI application inside a test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _session(user) -> dict:
    cookies = {"csrftoken": CSRF}
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    make_world, wsgi_keeps_the_test_connection
):
    w = make_world("shaoxing", funded=False)
    with clock.frozen_now(START["shaoxing"]):
        order = orders.order_place(
            actor=w.applicant_user, client=w.applicant, service=w.service, subject="委托检测"
        )
    known = {
        "org_id": w.applicant.pk,
        "provider_id": w.provider.pk,
        "order_id": order.pk,
        "admission_id": w.provider.admissions.first().pk,
        "code": w.county,
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    roles = {
        "anonymous": None,
        "firm": w.applicant_user,
        "official": w.officials["county"],
    }
    failures: collections.Counter = collections.Counter()
    statuses: collections.Counter = collections.Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100

    def exercise(operation, strategy, cookies, role):
        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(cookies=cookies, headers={"X-CSRFToken": CSRF})
            statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseException as exc:  # noqa: BLE001 - schemathesis raises a FailureGroup
                first = getattr(exc, "exceptions", [exc])[0]
                failures[(role, operation.label, str(first)[:400])] += 1

        try:
            run()
        except Unsatisfiable:  # no negative value exists for a free-text path parameter
            pass

    with clock.frozen_now(START["shaoxing"]):
        for role, user in roles.items():
            cookies = _session(user)
            for operation in operations:
                names = {p.name for p in operation.path_parameters}
                ids = {k: v for k, v in known.items() if k in names}
                strategies = [
                    operation.as_strategy(GenerationMode.POSITIVE),
                    operation.as_strategy(GenerationMode.NEGATIVE),
                ]
                if ids:
                    strategies.append(
                        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ids)
                    )
                for strategy in strategies:
                    exercise(operation, strategy, cookies, role)
    assert not failures, "\n".join(f"{n}× {k}" for k, n in failures.most_common(30))
    assert statuses[200] > 50 and sum(statuses.values()) > 1000, statuses
