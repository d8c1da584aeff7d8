"""Errors of the pure engine. They carry a code, a Chinese message and details, like core.errors."""

from __future__ import annotations

from innovoucher.core.errors import ValidationFailed


class PolicyDefinitionError(ValueError):
    """A policy document that does not validate. `problems` lists "path: what is wrong"."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class QuoteInputError(ValidationFailed):
    """A quote request that cannot be read. The message tells the user what to fix."""

    code = "invalid_quote_request"
