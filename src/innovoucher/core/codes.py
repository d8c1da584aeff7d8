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
    # Backups (core/backup.py).
    BACKUP_INVALID = "backup_invalid"
    BACKUP_PASSPHRASE_MISSING = "backup_passphrase_missing"
    BACKUP_PASSPHRASE_WRONG = "backup_passphrase_wrong"
    BACKUP_KEY_MISMATCH = "backup_key_mismatch"
    # Shared by several apps (registry, providers, orders, vouchers, ledger, policies, redemptions).
    ORGANISATION_NOT_FOUND = "organisation_not_found"
    AMOUNT_INVALID = "amount_invalid"
    UNKNOWN_POLICY = "unknown_policy"
    NO_VERSION_IN_FORCE = "no_version_in_force"
    NOT_PER_CONTRACT = "not_per_contract"
    ORDER_NOT_FOUND = "order_not_found"
    BOOKING_NOT_FOUND = "booking_not_found"


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
    "notices",
    "evaluation",
    "stats",
    "exports",
)


def catalogue() -> dict[str, type[StrEnum]]:
    """`{app: its Code enum}` for every app that has a `codes.py`."""
    found: dict[str, type[StrEnum]] = {}
    for app in APPS:
        module_name = "innovoucher.core.codes" if app == "core" else f"innovoucher.{app}.codes"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module_name.startswith(exc.name):
                raise  # a missing import inside an existing codes module is a bug
            continue
        found[app] = module.Code
    return found


def all_codes() -> dict[str, str]:
    """Every code → the app that defines it."""
    return {str(member): app for app, enum in catalogue().items() for member in enum}


def render_markdown() -> str:
    """`docs/error-codes.md`: every code, the app that defines it and its member name."""
    lines = [
        "# Error codes 错误代码",
        "",
        "Generated from the `Code` enums of `core/codes.py` and every `<app>/codes.py` by",
        "`innovoucher error_code_docs`; a test fails when this file is stale. The API returns",
        '`{"code", "message", "details"}` with a 4xx status; the `message` is Chinese and says '
        "what",
        "to fix, the `code` is stable and is what clients and tests compare.",
        "",
    ]
    for app, enum in catalogue().items():
        lines += [f"## {app}", "", "| code | name |", "|---|---|"]
        lines += [f"| `{member.value}` | `{app}.codes.Code.{member.name}` |" for member in enum]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
