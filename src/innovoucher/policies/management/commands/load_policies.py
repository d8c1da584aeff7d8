from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.errors import DomainError
from innovoucher.policies.services import policy_directory_import


class Command(BaseCommand):
    help = (
        "校验并导入 policies/ 目录下的政策文件（已发布版本不可修改）。Validates and imports "
        "policy YAML files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="政策文件目录（默认 policies/）")

    def handle(self, *args, dir=None, **options):
        try:
            created = policy_directory_import(actor=None, directory=dir)
        except DomainError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.details.get("problems", []))
            raise CommandError(f"{exc.message}\n{problems}".rstrip()) from exc
        for version in created:
            self.stdout.write(f"已发布 {version.code}（{version.effective_from} 起施行）")
        self.stdout.write(self.style.SUCCESS(f"政策导入完成，新增 {len(created)} 个版本"))
