"""Security tests (issue 14): worlds of two regions built through the services."""

from __future__ import annotations

import pytest

from innovoucher.core import clock
from testsupport.world import START, build_world


@pytest.fixture
def make_world(seed_policies):
    def make(family: str, **kwargs):
        with clock.frozen_now(START[family]):
            return build_world(family, **kwargs)

    return make


def openapi(client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def operations(spec: dict):
    """(method, path template, operation) of every documented operation."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield method, path, op


def fill(path: str, op: dict, value: str) -> str:
    for prm in op.get("parameters", []):
        if prm["in"] == "path":
            path = path.replace("{%s}" % prm["name"], value)
    return path


def int_path_params(op: dict) -> list[str]:
    return [
        p["name"]
        for p in op.get("parameters", [])
        if p["in"] == "path" and p.get("schema", {}).get("type") == "integer"
    ]
