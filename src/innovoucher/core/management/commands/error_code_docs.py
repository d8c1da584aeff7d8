"""`innovoucher error_code_docs [--check]`: regenerate (or check) docs/error-codes.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core.codes import render_markdown

OUTPUT = Path("docs/error-codes.md")


class Command(BaseCommand):
    help = "由各应用的错误代码目录生成 docs/error-codes.md（--check 只检查是否最新）"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只检查，不写入")
        parser.add_argument("--output", default=str(OUTPUT))

    def handle(self, *args, check, output, **options):
        path = Path(output)
        text = render_markdown()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(
                    f"{path} 已过期，请运行 innovoucher error_code_docs", returncode=1
                )
            self.stdout.write(f"{path} 是最新的")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"已写入 {path}")
