from innovoucher.registry.tests.conftest import (  # noqa: F401  (fixtures)
    _fast_and_private,
    make_user,
    sysadmin,
    tianshan,
    yuecheng,
)
