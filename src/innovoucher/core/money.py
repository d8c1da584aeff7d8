"""Money: integer fen everywhere, Decimal for rates, one rounding rule, splits that add up.

Pure Python (no Django): the policy engine and the ledger domain both use it.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

FEN_PER_YUAN = 100
_YUAN_RE = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,2})?$")
MAX_YUAN = 10**15


class MoneyError(ValueError):
    """A value that is not a valid amount of money."""


def yuan_to_fen(value: str | int | Decimal) -> int:
    """Parse an amount in yuan ("12345.60", 12345, Decimal) into integer fen.

    Floats are refused: they cannot represent most fen amounts exactly.
    More than two decimals is refused rather than silently rounded.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError('金额须为字符串或整数（如 "12345.60"），不接受浮点数')
    if isinstance(value, int):
        if abs(value) >= MAX_YUAN:
            raise MoneyError("金额过大，请核对")
        return value * FEN_PER_YUAN
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
    else:
        raise MoneyError("金额格式不正确")
    if not _YUAN_RE.match(text):
        raise MoneyError(
            f'金额“{value}”格式不正确：应为以元为单位、最多两位小数的数字，如 "12345.60"'
        )
    try:
        return int((Decimal(text) * FEN_PER_YUAN).to_integral_exact())
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise MoneyError(f"金额“{value}”格式不正确") from exc


def fen_to_yuan(fen: int) -> str:
    """Format fen as a yuan string with two decimals: 1234560 -> "12345.60"."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise MoneyError("fen must be an int")
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{whole}.{part:02d}"


def fen_to_yuan_grouped(fen: int, symbol: str = "") -> str:
    """Yuan with thousands separators: 1234560 -> "12,345.60" (documents' tables)."""
    text = fen_to_yuan(fen)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, part = text.split(".")
    return f"{sign}{symbol}{int(whole):,}.{part}"


def fen_to_yuan_display(fen: int) -> str:
    """Format for pages: thousands separators, "¥1,234,560.00"."""
    return fen_to_yuan_grouped(fen, "¥")


def apply_rate_floor(fen: int, rate: Decimal) -> int:
    """fen × rate, rounded down to the fen.

    The one rounding rule of the platform: every subsidy formula is a ceiling ("不超过 X%"),
    so rounding must never take an amount above it.
    """
    if not isinstance(rate, Decimal):
        raise MoneyError("rate must be a Decimal")
    return int((Decimal(fen) * rate).to_integral_value(rounding=ROUND_DOWN))


def split_largest_remainder(total: int, weights: list[tuple[str, Decimal | int]]) -> dict[str, int]:
    """Split `total` fen among keys in proportion to weights; the parts always add up to total.

    Each part gets the floor of its exact share; the fen left over go one by one to the
    largest fractional remainders (ties: the order given). Zero total weight gives all to the first.
    """
    if total < 0:
        raise MoneyError("cannot split a negative amount")
    if not weights:
        raise MoneyError("nothing to split among")
    weight_sum = sum(Decimal(w) for _, w in weights)
    if weight_sum <= 0:
        return {key: (total if i == 0 else 0) for i, (key, _) in enumerate(weights)}
    parts: dict[str, int] = {}
    remainders: list[tuple[Decimal, int, str]] = []
    for index, (key, weight) in enumerate(weights):
        exact = Decimal(total) * Decimal(weight) / weight_sum
        floor = int(exact.to_integral_value(rounding=ROUND_DOWN))
        parts[key] = parts.get(key, 0) + floor
        remainders.append((exact - floor, -index, key))
    left = total - sum(parts.values())
    for _, _, key in sorted(remainders, reverse=True)[:left]:
        parts[key] += 1
    return parts
