"""Set-up step: import the seed policies from policies/*.yaml (idempotent)."""

from innovoucher.policies.services import policy_directory_import


def _policies(progress) -> None:
    progress.total(1)
    policy_directory_import(actor=None)
    progress.advance()


SETUP_STEPS = [(40, "导入政策文件", _policies)]
