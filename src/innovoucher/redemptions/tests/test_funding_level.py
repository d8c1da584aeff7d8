"""Which level's public money funded the service (`service.public_funding_level`): stated by the
firm on the redemption form and the API, validated with a Chinese message at the field, stored,
shown in review and read by the engine (Urumqi art. 12 (1): only city money excludes; funded with
the level not stated → referred)."""

import pytest
from django.test import Client

from innovoucher.core import clock
from innovoucher.core.errors import ValidationFailed
from innovoucher.redemptions.tests.intake_support import (  # noqa: F401 (fixture)
    intake_env,
    make_order,
    open_call,
    submit,
    upload,
    world_for,
)
from testsupport.world import START


def _verdicts(redemption_or_checks) -> dict:
    rows = (
        redemption_or_checks.check_results
        if hasattr(redemption_or_checks, "check_results")
        else redemption_or_checks
    )
    return {c["code"]: c["verdict"] for c in rows}


def test_urumqi_reads_the_level_city_money_refuses_other_levels_pass_unknown_is_referred(
    intake_env,
):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        with pytest.raises(ValidationFailed) as city:
            submit(w, other_public_funding=True, public_funding_level="city")
        assert city.value.code == "check_failed"
        assert _verdicts(city.value.details["checks"])["no_city_funding"] == "fail"
        province = submit(w, other_public_funding=True, public_funding_level="province")
        assert province.public_funding_level == "province"
        assert _verdicts(province)["no_city_funding"] == "pass"
        unknown = submit(w, other_public_funding=True)
        assert unknown.public_funding_level == ""
        assert _verdicts(unknown)["funding_level_unknown"] == "refer"
        client = Client()
        client.force_login(w.officials["county"])
        page = client.get(f"/redemptions/{province.pk}/").content.decode()
        assert "省级（自治区）财政资金" in page
        assert "层级未说明" in client.get(f"/redemptions/{unknown.pk}/").content.decode()


def test_a_bad_or_contradictory_level_is_refused_at_the_field(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        with pytest.raises(ValidationFailed) as bogus:
            submit(w, other_public_funding=True, public_funding_level="town")
        message = bogus.value.details["fields"]["public_funding_level"][0]
        assert "无法识别" in message and "市级财政资金（city）" in message
        with pytest.raises(ValidationFailed) as unticked:
            submit(w, other_public_funding=False, public_funding_level="national")
        assert "请同时勾选" in unticked.value.details["fields"]["public_funding_level"][0]


def test_the_form_and_the_api_take_the_level(intake_env):
    w = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        open_call(w)
        firm = Client()
        firm.force_login(w.applicant_user)
        order = make_order(w)
        form = firm.get(f"/redemptions/apply/{order.pk}/").content.decode()
        assert 'name="public_funding_level"' in form and "市级财政资金" in form

        def data(level):  # fresh uploads for each request
            return {
                "public_funding_level": level,
                "order_id": order.pk,
                "invoice_number": "26650000123412349999",
                "invoice_amount": "100000.00",
                "invoice_issued_on": "2026-02-27",
                "other_public_funding": "true",
                **{
                    k: upload(f"{k}.pdf")
                    for k in ("contract", "invoice", "payment_proof", "result_report")
                },
            }

        bad = firm.post("/api/v1/redemptions/", data("town"))
        assert bad.status_code == 422
        assert "public_funding_level" in bad.json()["details"]["fields"]
        good = firm.post("/api/v1/redemptions/", data("national"))
        assert good.status_code == 201, good.content
        assert good.json()["public_funding_level"] == "national"
