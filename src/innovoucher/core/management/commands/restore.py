"""`innovoucher restore FILE --yes`: replace all data with a backup (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.backup import backup_read, backup_restore
from innovoucher.core.errors import DomainError
from innovoucher.core.management.commands.backup import add_passphrase_arguments, passphrase_from


class Command(BaseCommand):
    help = (
        "从备份归档恢复：校验文件与口令后，在一个事务中清空并载入全部数据，恢复上传文件与审计锚点。"
        "Restores a backup archive (all current data is replaced)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="innovoucher backup 生成的归档文件")
        parser.add_argument("--yes", action="store_true", help="确认以备份替换当前全部数据")
        parser.add_argument("--check", action="store_true", help="只校验归档与口令，不恢复")
        add_passphrase_arguments(parser)

    def handle(self, *args, archive, yes=False, check=False, **options):
        passphrase = passphrase_from(options)
        try:
            if check:
                manifest = backup_read(Path(archive), passphrase).manifest
                self.stdout.write(
                    f"归档完整、口令正确：{manifest['created_at']} 的备份，"
                    f"{sum(manifest['rows'].values())} 行数据"
                )
                return
            if not yes:
                raise CommandError("恢复会以备份替换当前全部数据：确认请加 --yes", returncode=2)
            manifest = backup_restore(path=Path(archive), passphrase=passphrase)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份（{sum(manifest['rows'].values())} 行数据）。"
            "请运行 innovoucher audit verify 与 innovoucher ledger verify 核验。"
        )
