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

    # Optional: `accounts(refs, *, actor, reveal, contexts)` answers many refs at once (a
    # payment batch) in a fixed number of queries; without it `account` is asked per ref.


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


def payee_accounts(
    refs: list[str], *, actor=None, reveal: bool = False, contexts: list[dict] | None = None
) -> list[PayeeAccount]:
    """`payee_account` of every ref (in order; one per payment line, so a payee may repeat), each
    directory asked once for all its refs when it answers in bulk."""
    contexts = contexts or [{} for _ in refs]
    answers: list[PayeeAccount | None] = [None] * len(refs)
    by_directory: dict[int, tuple[PayeeDirectory, list[int]]] = {}
    for i, ref in enumerate(refs):
        directory = _directory(ref)
        if directory is None:
            answers[i] = NO_REFERENCE
        else:
            by_directory.setdefault(id(directory), (directory, []))[1].append(i)
    for directory, idx in by_directory.values():
        many = getattr(directory, "accounts", None)
        if many is not None:
            found = many(
                [refs[i] for i in idx],
                actor=actor,
                reveal=reveal,
                contexts=[contexts[i] for i in idx],
            )
        else:
            found = [
                directory.account(refs[i], actor=actor, reveal=reveal, context=contexts[i])
                for i in idx
            ]
        for i, account in zip(idx, found, strict=True):
            answers[i] = account
    return answers  # type: ignore[return-value]
