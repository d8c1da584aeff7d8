"""Official pages reachable from the menu: calls, voucher issue, allocation, the ledger, teams."""

from innovoucher.accounts.roles import Role
from innovoucher.core import clock
from innovoucher.redemptions.tests.intake_support import START, intake_env, world_for  # noqa: F401
from testsupport import make_user


def _menu(client, user) -> str:
    client.force_login(user)
    return client.get("/notifications/todos/").content.decode()


def test_officials_find_their_pages_in_the_menu(intake_env, client):
    world = world_for("urumqi")
    with clock.frozen_now(START["urumqi"]):
        menu = _menu(client, world.officials["city"])
    assert 'href="/redemptions/calls/new/"' in menu
    finance = make_user("fin-nav", grants=[(Role.FINANCE_OFFICER, "650100")])
    menu = _menu(client, finance)
    for path in ("/finance/", "/finance/allocate/", "/finance/ledger/", "/finance/batches/"):
        assert f'href="{path}"' in menu
    assert 'href="/redemptions/calls/new/"' not in _menu(client, world.applicant_user)
