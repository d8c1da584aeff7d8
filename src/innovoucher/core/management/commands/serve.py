import os
import sys

from django.core.management.base import BaseCommand, CommandError

from innovoucher.core import server


class Command(BaseCommand):
    help = (
        "提供网站服务：granian 多进程（静态文件由 WhiteNoise 提供）"
        "并同时启动后台任务执行器与定时调度器；Ctrl+C 一并停止。"
        " Serves the site with granian worker processes plus the task worker and tick scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="网站进程数（默认 INNOVOUCHER_WEB_WORKERS 或 CPU 核数，至少 2）",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="每个网站进程的线程数（默认 INNOVOUCHER_WEB_THREADS 或 4）",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不启动后台任务执行器（另行运行 innovoucher worker 时）",
        )
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="不收集静态文件（已收集过，或由前置服务器提供）",
        )
        parser.add_argument(
            "--server",
            dest="engine",
            choices=["granian", "waitress"],
            default=os.environ.get("INNOVOUCHER_SERVER", "granian"),
            help="granian（默认，多进程）或 waitress（单进程，仅供无法安装 granian 的环境）",
        )

    def handle(
        self,
        *args,
        host,
        port,
        workers,
        threads,
        no_worker,
        engine: str,
        skip_collectstatic=False,
        **options,
    ):
        workers = workers or server.default_workers()
        threads = threads or server.default_threads()
        if workers < 1 or threads < 1:
            raise CommandError("进程数与线程数须至少为 1")
        if not skip_collectstatic:
            server.collect_static_if_changed()
        web = (
            server.web_command(host=host, port=port, workers=workers, threads=threads)
            if engine == "granian"
            else [
                sys.executable,
                "-c",
                "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
                "'innovoucher.settings'); "
                "from waitress import serve; from innovoucher.wsgi import application; "
                f"serve(application, host={host!r}, port={port}, threads={threads})",
            ]
        )
        commands = (
            {"网站": web} if no_worker else {"网站": web, "后台任务": server.worker_command()}
        )
        env = {**os.environ, "PORT": str(port)}
        processes = workers if engine == "granian" else 1
        self.stdout.write(
            self.style.SUCCESS(
                f"科技创新券服务平台已启动：http://{host}:{port}/  "
                f"（{engine} {processes} 个进程 × {threads} 线程"
                f"{'' if no_worker else '，后台任务执行器与定时调度器'}；Ctrl+C 退出）"
            )
        )
        self.stdout.flush()
        code = server.Supervisor(commands=commands, env=env).run()
        if code:
            raise CommandError(
                f"服务进程异常退出（{code}）", returncode=code if 0 < code < 256 else 1
            )
