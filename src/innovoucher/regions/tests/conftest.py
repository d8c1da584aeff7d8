import pytest

from innovoucher.regions.services import region_table_load


@pytest.fixture
def regions(db):
    """The whole national table, loaded as `setup_platform` loads it."""
    return region_table_load()
