"""Demo accounts: created through the apps' services, listed here so `make run` can print them."""

from __future__ import annotations

DEMO_PASSWORD = "Demo@2026pass"
_ACCOUNTS: list[tuple[str, str]] = []


def reset() -> None:
    """Forget the accounts listed so far: each `demo` run lists what it created or found (a test
    run in the same process may have registered accounts whose rows were rolled back)."""
    _ACCOUNTS.clear()


def register(username: str, description: str) -> None:
    if (username, description) not in _ACCOUNTS:
        _ACCOUNTS.append((username, description))


# The demo accounts' TOTP key (accounts/demo.py gives it to every account that needs the second
# factor: officials, finance, operator, the three administrators, the Django superuser).
DEMO_TOTP_SECRET = "INNOVOUCHERDEMOTOTPKEYSTWOSIXXXX"


def demo_usernames() -> list[str]:
    return [username for username, _ in _ACCOUNTS]


def print_accounts(out) -> None:
    if not _ACCOUNTS:
        return
    out.write("\n演示账户（密码均为 %s）：" % DEMO_PASSWORD)
    out.write(
        "  官员、财政、运营与三员账户登录时还需动态口令：在身份验证器中添加密钥 "
        f"{DEMO_TOTP_SECRET}（基于时间，30秒，6位），或运行 oathtool --totp -b {DEMO_TOTP_SECRET}"
    )
    for username, description in _ACCOUNTS:
        out.write(f"  {username:<24} {description}")
