"""For each seed policy: submit → automatic first check → every review step → review_passed."""

import pytest

from innovoucher.core import clock
from innovoucher.redemptions.models import RedemptionChange, ReviewStep
from innovoucher.redemptions.services.submission import redemption_confirm
from innovoucher.redemptions.tests.intake_support import (
    FAMILIES,
    approve_all,
    claimant_user,
    intake_env,
    make_order,
    open_call,
    submit,
    world_for,
)  # noqa: F401
from testsupport.world import START

CHAINS = {
    "shanxi": ["city", "province"],
    "shaoxing": ["county"],
    "urumqi": ["county", "expert", "meeting"],
    "liaocheng": ["county", "city", "province"],
    "ningxia": ["agency"],  # 第5—6步：平台服务机构收到申请后7个工作日内确认并兑付
}
AFTER_REVIEW = {
    "shanxi": "publicity",
    "shaoxing": "publicity",
    "urumqi": "publicity",
    "liaocheng": "publicity",
    "ningxia": {"approved", "payable", "queued"},
}
CLAIMANT = {
    "shanxi": "applicant",
    "shaoxing": "provider",
    "urumqi": "applicant",
    "liaocheng": "applicant",
    "ningxia": "provider",
}
CONFIRMS = {"shanxi": True, "shaoxing": False, "urumqi": True, "liaocheng": True, "ningxia": False}


@pytest.mark.parametrize("family", FAMILIES)
def test_submit_check_review_chain_reaches_review_passed(intake_env, family):
    w = world_for(family)
    with clock.frozen_now(START[family]):
        if family in ("shanxi", "urumqi", "liaocheng"):
            open_call(w)
        r = submit(w)
        assert r.claimant_kind == CLAIMANT[family]
        assert r.check_verdict in ("pass", "refer"), r.check_results
        assert r.subsidy_fen > 0 and sum(r.shares.values()) == r.subsidy_fen
        assert r.policy_version.family.slug == family and r.number.startswith("DF")
        assert {c["code"] for c in r.check_results} >= {
            "window",
            "duplicate",
            "relation",
            "documents",
            "eligible",
        }
        if CONFIRMS[family]:
            assert r.status == "awaiting_confirmation" and not r.steps.exists()
            r = redemption_confirm(actor=w.provider_user, redemption=r)
        assert r.status == "in_review"
        steps = list(ReviewStep.objects.filter(redemption=r).order_by("position"))
        assert [s.level for s in steps] == CHAINS[family]
        assert (
            steps[0].status == "pending"
            and steps[0].due_on is not None
            and all(s.status == "waiting" for s in steps[1:])
        )
        r = approve_all(w, r)
    expected = AFTER_REVIEW[family]
    assert (r.status in expected) if isinstance(expected, set) else r.status == expected
    assert all(s.status == "approved" for s in ReviewStep.objects.filter(redemption=r))
    assert RedemptionChange.objects.filter(redemption=r, action="submit").exists()


def test_shanxi_amount_is_half_of_paid_split_one_to_one(intake_env):
    w = world_for("shanxi")
    with clock.frozen_now(START["shanxi"]):
        open_call(w)
        r = submit(w)
    assert r.subsidy_fen == 5_000_000 and r.shares == {"province": 2_500_000, "city": 2_500_000}
    assert r.payee_kind == "applicant"
    assert any("50%" in s["value"] for s in r.trace)


def test_ningxia_marginal_tiers_and_provider_payee(intake_env):
    w = world_for("ningxia")
    with clock.frozen_now(START["ningxia"]):
        r = submit(w, make_order(w, amount_fen=30_000_000))
    assert (
        r.subsidy_fen == 11_000_000 and r.payee_kind == "provider" and r.claimant_kind == "provider"
    )


def test_urumqi_provider_may_claim_instead_of_the_firm(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        r = submit(w, actor=w.provider_user)
    assert r.claimant_kind == "provider" and r.status == "in_review" and r.payee_kind == "provider"
    assert claimant_user(w) == w.applicant_user
