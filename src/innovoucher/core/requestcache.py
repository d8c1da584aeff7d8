"""A memo that lives for one request: the same read asked many times while one page is built
(the signed-in user's role assignments, the digests of a policy family's published versions) is
answered from memory after the first time, so a page's query count does not grow with its rows.

Outside a request (commands, the tick, the worker, tests calling services) there is no memo and
every call reads the database, unless a write service opens one for its own call with
`memo_scope()` (the approval of a redemption reads the policy's digests three times). Writes inside
a request that change a memoised read must call
`request_forget(key)`; the memo ends with the request, so other requests and processes see the
change at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("innovoucher_request_memo", default=None)


def request_memo[T](key: Hashable, read: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def request_forget(key: Hashable) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


@contextmanager
def memo_scope() -> Iterator[None]:
    """The same memo for one service call outside a request (the tick, the worker, a benchmark):
    a write service that reads a policy's digests or the actor's roles several times reads them
    once. Inside a request the request's memo is used as it is."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
