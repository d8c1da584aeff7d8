"""Search keys of an organisation's name: pinyin initials and full pinyin, so a directory finds
"绍兴检测" by `sxjc` or `shaoxing`. Pure Python (no Django).

The keys belong to the name, so they live on `Organisation` and every registry service that sets
or changes a name writes them (registration, resubmission, official bodies, an approved change
filing). Readers such as the provider directory filter on them; see ADR 0013.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

INITIALS_MAX = 200
PINYIN_MAX = 800


def _keep(text: str) -> list[str]:
    return list(text)


def search_initials(text: str) -> str:
    """Pinyin initials of the Chinese characters, other characters kept: 绍兴检测 → sxjc."""
    return "".join(
        p[:1] if p else "" for p in lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors=_keep)
    ).lower()


def search_pinyin(text: str) -> str:
    """Full pinyin without tones or spaces: 天山 → tianshan."""
    return "".join(lazy_pinyin(text or "", errors=_keep)).lower()


def name_search_keys(name: str) -> dict[str, str]:
    """The `Organisation` columns that follow `name`."""
    return {
        "name_initials": search_initials(name)[:INITIALS_MAX],
        "name_pinyin": search_pinyin(name)[:PINYIN_MAX],
    }


NAME_KEY_FIELDS = ("name_initials", "name_pinyin")
