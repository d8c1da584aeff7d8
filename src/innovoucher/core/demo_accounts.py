"""Demo accounts: created through the apps' services, listed here so `make run` can print them."""

from __future__ import annotations

DEMO_PASSWORD = "Demo@2026pass"
_ACCOUNTS: list[tuple[str, str]] = []


def register(username: str, description: str) -> None:
    if (username, description) not in _ACCOUNTS:
        _ACCOUNTS.append((username, description))


def print_accounts(out) -> None:
    if not _ACCOUNTS:
        return
    out.write("\n演示账户（密码均为 %s）：" % DEMO_PASSWORD)
    for username, description in _ACCOUNTS:
        out.write(f"  {username:<24} {description}")
