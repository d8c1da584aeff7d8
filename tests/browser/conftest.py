import os
from pathlib import Path

import pytest


@pytest.fixture
def live_policies(transactional_db):
    from innovoucher.policies.services import policy_directory_import

    policy_directory_import(actor=None)


@pytest.fixture
def shot(page, request):
    """Save a screenshot (kept as a CI artefact under var/screenshots/)."""
    folder = Path(os.environ.get("INNOVOUCHER_VAR_DIR", "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(folder / f"{request.node.name}-{name}.png"), full_page=True)

    return take
