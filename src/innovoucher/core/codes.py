"""The error-code catalogue: every `code` a DomainError carries is a member of a `Code` enum.

The codes every app shares are here; each app lists its own in `<app>/codes.py` as
`class Code(StrEnum)`. Services raise `ValidationFailed(message, code=Code.X)`, never an inline
string; tests assert on codes, never on the Chinese message text. `catalogue()` collects every
app's enum (the generated `docs/error-codes.md` is checked by a test, and a code is defined once
platform-wide).
"""

from __future__ import annotations

import importlib
from enum import StrEnum


class Code(StrEnum):
    """Codes every app uses: the defaults of the error classes and the lifecycle engine's."""

    INVALID = "invalid"
    VALIDATION_FAILED = "validation_failed"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    CONFLICT = "conflict"
    UNKNOWN_ACTION = "unknown_action"
    SYSTEM_ONLY = "system_only"
    REASONS_REQUIRED = "reasons_required"
    INVALID_TRANSITION = "invalid_transition"
    STALE_STATUS = "stale_status"
    # shared by several apps (defined once here)
    AMOUNT_INVALID = "amount_invalid"
    NO_VERSION_IN_FORCE = "no_version_in_force"
    ORDER_NOT_FOUND = "order_not_found"
    UNKNOWN_POLICY = "unknown_policy"


# The apps whose `codes.py` joins the catalogue, in the order the docs list them.
APPS = (
    "core",
    "regions",
    "workdays",
    "accounts",
    "policies",
    "registry",
    "providers",
    "ledger",
    "vouchers",
    "orders",
    "redemptions",
    "notifications",
    "portal",
    "api",
    "simulation",
    "supervision",
    "evaluation",
    "statistics",
)


def catalogue() -> dict[str, type[StrEnum]]:
    """`{app: its Code enum}` for every app that has a `codes.py`."""
    found: dict[str, type[StrEnum]] = {}
    for app in APPS:
        module_name = "innovoucher.core.codes" if app == "core" else f"innovoucher.{app}.codes"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        found[app] = module.Code
    return found


def all_codes() -> dict[str, str]:
    """Every code → the app that defines it."""
    return {str(member): app for app, enum in catalogue().items() for member in enum}
