"""Shared helpers for the pure policy tests: where the policies and case files live, loading
them."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path

import yaml

from innovoucher.policies.engine import load_family, parse_quote_request, quote

ROOT = Path(__file__).resolve().parents[2]
POLICIES_DIR = ROOT / "policies"
CASES_DIR = Path(__file__).resolve().parent / "cases"
ENGINE_DIR = ROOT / "src" / "innovoucher" / "policies" / "engine"
TODAY = dt.date(2026, 11, 21)
FAMILIES = sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


@functools.cache
def policy_document(family: str) -> dict:
    return yaml.safe_load((POLICIES_DIR / f"{family}.yaml").read_text(encoding="utf-8"))


@functools.cache
def family(slug: str):
    return load_family(policy_document(slug), source=f"policies/{slug}.yaml")


def run_quote(payload: dict) -> dict:
    """Parse, quote with the family named in the payload, return the contract JSON."""
    request = parse_quote_request(payload, today=TODAY)
    return quote(family(request.policy), request).as_contract()


def deep_merge(base: dict, over: dict) -> dict:
    """`over` on top of `base`: mappings merge key by key; anything else replaces.
    A key set to null in `over` is removed (the request then omits it)."""
    merged = copy.deepcopy(base)
    for key, value in (over or {}).items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def yuan_to_fen_str(text: str) -> int:
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int(part)
