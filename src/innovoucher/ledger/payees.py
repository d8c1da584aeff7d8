"""Where a payment line's money goes: the payee's receiving account, asked for at export time.

The ledger keeps no registry data (claims carry references and text, see DESIGN.md). A claim
names its payee by `payee_ref` (e.g. ``organisation:42``); the app that owns the payee's data
registers a directory for the scheme (`payee_directory_register`, the registry does it in its
`AppConfig.ready`). The directory answers with the account as it stands now — verified or not,
and the clear number only when the export asks to reveal it (the directory audits the reveal).
A claim without a reference, or a scheme nobody answers for, has no account: its line is held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PayeeAccount:
    holder: str = ""
    bank_name: str = ""
    number: str = ""  # the clear number: only when revealed
    masked: str = ""
    problem: str = ""  # why no money may go there now (Chinese, tells the payee what to do)

    @property
    def usable(self) -> bool:
        return not self.problem


class PayeeDirectory(Protocol):
    def account(self, ref: str, *, actor, reveal: bool, context: dict) -> PayeeAccount: ...

    def tell_held(self, ref: str, *, reason: str, context: dict) -> None: ...


NO_REFERENCE = PayeeAccount(problem="兑付申请未关联收款主体，无法确定收款账户")
_directories: dict[str, PayeeDirectory] = {}


def payee_directory_register(scheme: str, directory: PayeeDirectory) -> None:
    _directories[scheme] = directory


def _directory(ref: str) -> PayeeDirectory | None:
    scheme = (ref or "").partition(":")[0]
    return _directories.get(scheme)


def payee_account(
    ref: str, *, actor=None, reveal: bool = False, context: dict | None = None
) -> PayeeAccount:
    directory = _directory(ref)
    if directory is None:
        return NO_REFERENCE
    return directory.account(ref, actor=actor, reveal=reveal, context=context or {})


def payee_tell_held(ref: str, *, reason: str, context: dict | None = None) -> None:
    directory = _directory(ref)
    if directory is not None:
        directory.tell_held(ref, reason=reason, context=context or {})
