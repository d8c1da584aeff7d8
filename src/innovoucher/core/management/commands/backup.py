"""`innovoucher backup --output FILE`: the whole platform in one archive (core/backup.py)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.backup import PASSPHRASE_ENV, backup_create
from innovoucher.core.errors import DomainError


def passphrase_from(options) -> str:
    """The passphrase from a file or an environment variable — never a command-line word."""
    if options.get("passphrase_file"):
        try:
            return Path(options["passphrase_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"无法读取口令文件：{exc}") from exc
    return os.environ.get(options.get("passphrase_env") or PASSPHRASE_ENV, "")


def add_passphrase_arguments(parser) -> None:
    parser.add_argument(
        "--passphrase-env",
        default=PASSPHRASE_ENV,
        help=f"保存备份口令的环境变量名（默认 {PASSPHRASE_ENV}）",
    )
    parser.add_argument("--passphrase-file", help="保存备份口令的文件（权限应为 0600）")


class Command(BaseCommand):
    help = (
        "备份全部数据、上传文件、审计锚点与（以口令加密的）密钥到一个归档文件。"
        "Backs up the database, media, audit anchors and the passphrase-encrypted keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="归档文件路径（.tar.gz）")
        add_passphrase_arguments(parser)

    def handle(self, *args, output, **options):
        try:
            result = backup_create(output=Path(output), passphrase=passphrase_from(options))
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            f"备份完成：{result.path}（{result.rows} 行数据，{result.files} 个文件，"
            f"SHA-256 {result.digest[:16]}…）"
        )
