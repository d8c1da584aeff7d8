"""Provider admission cases that read like the policy: tests/policies/cases/admission/<family>.yaml.

Each case names a provider kind (and level) and expects the route the policy's
`provider_admission` rule gives it (`providers.domain.admission_route`): direct (免审) or reviewed,
whether the reviewed route needs qualification certificates, and whether the level must be stated.
"""

from __future__ import annotations

import pytest
import yaml

from innovoucher.providers.domain import admission_route

from ._support import CASES_DIR, family

ADMISSION_DIR = CASES_DIR / "admission"


def _params():
    for path in sorted(ADMISSION_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(doc["cases"]):
            yield pytest.param(doc["family"], case, id=f"{path.stem}-{index:02d}-{case['name']}")


@pytest.mark.parametrize(("slug", "case"), list(_params()))
def test_admission_case(slug: str, case: dict):
    assert case.get("name") and case.get("article"), "每个用例须写 name 和 article"
    version = max(family(slug).versions, key=lambda v: v.effective_from.value)
    rules = version.provider_admission.value
    got = admission_route(rules, case["input"]["kind"], case["input"].get("level", ""))
    expect = case["expect"]
    assert got.direct == expect["direct"], f"{case['name']}（{case['article']}）"
    if "certificates" in expect:
        assert got.certificates == expect["certificates"], case["name"]
    assert list(got.level_missing) == expect.get("level_missing", []), case["name"]
