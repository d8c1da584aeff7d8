"""The lifecycle engine's checks, without a database (the executor is exercised by every app)."""

import pytest
from django.db import models

from innovoucher.core import lifecycle
from innovoucher.core.codes import Code
from innovoucher.core.errors import PermissionDenied, ValidationFailed
from innovoucher.core.lifecycle import (
    SYSTEM,
    Lifecycle,
    Transition,
    actions_from,
    clean_reasons,
    transition_check,
    transitions,
)


class Colour(models.TextChoices):
    RED = "red", "红"
    GREEN = "green", "绿"


TABLE = transitions(
    Transition("go", "通行", frozenset({Colour.RED}), Colour.GREEN, "driver"),
    Transition(
        "stop", "停车", frozenset({Colour.GREEN}), Colour.RED, "officer", needs_reasons=True
    ),
    Transition("reset", "复位", frozenset({Colour.GREEN, Colour.RED}), Colour.RED, SYSTEM),
)
LC = Lifecycle(
    app="core", entity="light", noun="信号灯", model=object, statuses=Colour, table=TABLE
)
lifecycle._REGISTRY.pop(LC.audit_prefix)  # a test table, not one of the platform's lifecycles


def test_a_table_keeps_order_and_refuses_a_repeated_action():
    assert list(TABLE) == ["go", "stop", "reset"]
    with pytest.raises(ValueError):
        transitions(TABLE["go"], TABLE["go"])


def test_actions_from_by_kind_and_for_people():
    assert [t.action for t in actions_from(TABLE, "green", "officer")] == ["stop"]
    assert [t.action for t in actions_from(TABLE, "green")] == ["stop"]  # never the system's
    assert [t.action for t in actions_from(TABLE, "green", ("officer", SYSTEM))] == [
        "stop",
        "reset",
    ]


def test_unknown_action_names_the_field():
    with pytest.raises(ValidationFailed) as exc:
        transition_check(LC, action="fly", by="driver")
    assert exc.value.code == Code.UNKNOWN_ACTION
    assert "action" in exc.value.details["fields"]


def test_wrong_actor_kind_and_system_moves_are_refused():
    with pytest.raises(PermissionDenied) as exc:
        transition_check(LC, action="stop", by="driver")
    assert exc.value.code == Code.PERMISSION_DENIED
    with pytest.raises(PermissionDenied) as exc:
        transition_check(LC, action="reset", by="officer")
    assert exc.value.code == Code.SYSTEM_ONLY


def test_reasons_are_required_where_the_table_says():
    with pytest.raises(ValidationFailed) as exc:
        transition_check(LC, action="stop", by="officer", reasons=["  ", ""])
    assert exc.value.code == Code.REASONS_REQUIRED
    assert "reasons" in exc.value.details["fields"]
    transition, reasons = transition_check(LC, action="stop", by="officer", reasons=[" 闯红灯 "])
    assert transition.target == "red" and reasons == ["闯红灯"]


def test_a_table_naming_an_unknown_status_is_refused_at_import():
    bad = transitions(Transition("melt", "融化", frozenset({"ice"}), "water", "sun"))
    with pytest.raises(ValueError):
        Lifecycle(app="core", entity="ice", noun="冰", model=object, statuses=Colour, table=bad)


def test_actions_are_snake_case_and_reasons_cleaned():
    with pytest.raises(ValueError):
        Transition("Go-Now", "x", frozenset(), "red", "driver")
    assert clean_reasons([None, " a ", "", 3]) == ["a", "3"]
    assert LC.audit_action("go") == "core.light.go"
