from innovoucher.registry.tests.conftest import (  # noqa: F401  (fixtures)
    make_user,
    sysadmin,
    tianshan,
    yuecheng,
)
