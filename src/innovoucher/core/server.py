"""`innovoucher serve`: the web server (granian, several worker processes) and the task worker,
started together and stopped together.

The parent process is a small supervisor: it starts the children, forwards SIGINT/SIGTERM to
them, and when one child ends it stops the others and exits with that child's code — so a crashed
worker is never left running silently behind a live site, nor the other way round. Ctrl+C in a
terminal reaches every child (same process group) and the supervisor waits for them.
See docs/adr/0014-production-server.md for why granian and these defaults.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field


def default_workers() -> int:
    return int(os.environ.get("INNOVOUCHER_WEB_WORKERS") or max(2, os.cpu_count() or 1))


def default_threads() -> int:
    return int(os.environ.get("INNOVOUCHER_WEB_THREADS") or 4)


def web_command(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "10s",
        "--log-level",
        os.environ.get("GRANIAN_LOG_LEVEL", "warning"),
        "innovoucher.wsgi:application",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "innovoucher", "worker"]


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the supervisor itself is killed, so nothing is left
    orphaned."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Supervisor:
    commands: dict[str, list[str]]
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    children: dict[str, subprocess.Popen] = field(default_factory=dict)
    stopping: bool = False

    def start(self) -> None:
        # Each child in its own process group: Ctrl+C reaches only the supervisor, which passes one
        # signal on (granian's workers hit by the terminal's SIGINT directly leave its main process
        # hanging).
        for name, command in self.commands.items():
            self.children[name] = subprocess.Popen(
                command, env=self.env, process_group=0, preexec_fn=_die_with_parent
            )

    def stop(self, signum: int = signal.SIGTERM) -> None:
        self.stopping = True
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signum)

    def _on_signal(self, signum, frame) -> None:
        self.stop(signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)

    def run(self, *, grace: float = 15.0) -> int:
        """Run until a signal or until one child ends; 0 after Ctrl+C/SIGTERM, else that child's
        code (or 1)."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.start()
            name, code = self._wait_first()
            requested = self.stopping
            if not requested:
                print(f"{name}进程已退出（{code}），正在停止其余进程", file=sys.stderr, flush=True)
            self.stop()
            self._wait_all(grace)
            return 0 if requested else (code or 1)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    def _wait_first(self) -> tuple[str, int]:
        while True:
            for name, child in self.children.items():
                code = child.poll()
                if code is not None:
                    return name, code
            time.sleep(0.2)

    def _wait_all(self, grace: float) -> None:
        deadline = time.monotonic() + grace
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def collect_static_if_changed() -> bool:
    """`collectstatic` only when a static source file was added, removed or changed since the last
    run (WhiteNoise compresses every file on each run: seconds on a busy 2-core machine)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            full = storage.path(path)
            entries.append(f"{path}:{os.path.getsize(full)}:{os.path.getmtime(full):.0f}")
    import hashlib

    fingerprint = hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()
    stamp = settings.STATIC_ROOT / ".collected"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True
