import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.tasks import task_backends
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_rq.backend import RQBackend

from innovoucher.jobs.rq import rq_queue_reachable, rq_worker
from innovoucher.jobs.scheduler import Scheduler


class Command(BaseCommand):
    help = (
        "运行后台任务执行器（Django tasks 数据库队列或 Redis 队列）及定时调度器：每 "
        "INNOVOUCHER_TICK_SECONDS 秒执行一次定时事项。"
        " Runs the task worker and the tick scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tick-seconds",
            type=float,
            default=None,
            help="调度间隔（秒），默认取 INNOVOUCHER_TICK_SECONDS（60）",
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="只执行队列中的任务，不调度定时事项"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时轮询间隔（秒）")
        parser.add_argument("--batch", action="store_true", help="执行完队列中现有任务后退出")

    def handle(
        self, *args, tick_seconds=None, no_scheduler=False, interval=1.0, batch=False, **options
    ):
        self._logging(options["verbosity"])
        seconds = tick_seconds if tick_seconds is not None else settings.INNOVOUCHER_TICK_SECONDS
        if seconds <= 0:
            raise CommandError("调度间隔须大于 0 秒")
        stop = threading.Event()
        scheduler = threading.Thread(
            target=Scheduler(interval=seconds).run, args=(stop,), daemon=True, name="scheduler"
        )
        if not no_scheduler and not batch:
            scheduler.start()
        backend = task_backends["default"]
        if isinstance(backend, RQBackend):
            self._run_rq(backend, seconds=seconds, batch=batch, stop=stop, scheduler=scheduler)
            return
        if not isinstance(backend, DatabaseBackend):
            self.stdout.write(
                "任务后端不是数据库队列（INNOVOUCHER_TASKS_BACKEND），"
                "任务在入队进程中直接执行；本进程只调度。"
            )
            try:
                while not batch and not stop.wait(1):
                    pass
            except KeyboardInterrupt:
                pass
            finally:
                self._stop(stop, scheduler)
            return
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"后台任务执行器已启动（定时事项每 {seconds:g} 秒）"
                if not (no_scheduler or batch)
                else "后台任务执行器已启动"
            )
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            self._stop(stop, scheduler)

    def _run_rq(self, backend, *, seconds, batch, stop, scheduler) -> None:
        """Redis queue (INNOVOUCHER_TASKS_BACKEND=rq): an RQ worker on the backend's queues."""
        if not rq_queue_reachable(backend):
            self._stop(stop, scheduler)
            raise CommandError(
                "无法连接 Redis 任务队列（INNOVOUCHER_REDIS_URL="
                f"{settings.INNOVOUCHER_REDIS_URL}）："
                "请启动 Redis，或改用数据库队列 INNOVOUCHER_TASKS_BACKEND=database"
            )
        worker = rq_worker(backend, batch=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"后台任务执行器已启动（Redis 队列 {', '.join(backend.queues)}；"
                f"定时事项每 {seconds:g} 秒）"
            )
        )
        try:
            worker.work(burst=batch, with_scheduler=False)
        finally:
            self._stop(stop, scheduler)

    def _stop(self, stop: threading.Event, scheduler: threading.Thread) -> None:
        """Let the scheduler hand back its lease, so a restarted worker leads at once."""
        stop.set()
        if scheduler.is_alive():
            scheduler.join(timeout=5)

    def _logging(self, verbosity: int) -> None:
        level = (
            logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        )
        for name in ("innovoucher.jobs", "django_tasks_db", "django.tasks", "rq.worker"):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.handlers:
                handler = logging.StreamHandler(self.stderr._out)
                handler.setFormatter(
                    logging.Formatter(
                        "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"
                    )
                )
                logger.addHandler(handler)
                logger.propagate = False
