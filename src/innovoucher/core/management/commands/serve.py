import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以 waitress 提供网站服务。Serves the site with waitress (static files via WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, host, port, **options):
        from waitress import serve

        from innovoucher.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"科技创新券服务平台已启动：http://{host}:{port}/  （Ctrl+C 退出）")
        )
        serve(application, host=host, port=port, threads=8)
