"""Time-based steps of the core. An app adds `TICK_STEPS = [(order, label, fn(moment) -> int)]`
in its tick.py."""

from innovoucher.core.audit import audit_seal


def _seal(moment) -> int:
    return audit_seal()


TICK_STEPS = [(900, "审计日志封存（SM3 链）", _seal)]
