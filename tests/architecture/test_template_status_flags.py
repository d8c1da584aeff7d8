"""Templates test status flags (`record.is_<status>`, core.models.StatusFlags), never status
strings (issue 9), and a flag names a real status of its model."""

import re
from pathlib import Path

import pytest

from innovoucher.redemptions.models import Redemption
from innovoucher.supervision.models import SpotCheck

SRC = Path(__file__).resolve().parents[2] / "src" / "innovoucher"
COMPARISON = re.compile(r"\b\w+\.status\s*[!=]=\s*[\"']")


def test_no_template_compares_a_status_string():
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.glob("*/templates/**/*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COMPARISON.search(line)
    ]
    assert not found, found


def test_flags_answer_for_the_model_statuses_only():
    check = SpotCheck(status="planned")
    assert check.is_planned is True and check.is_concluded is False
    assert Redemption(status="returned").is_returned is True
    # a typo is an error in Python (a template would read it as false)
    assert not hasattr(check, "is_plannned")
    assert not hasattr(Redemption(status="paid"), "is_anything")
