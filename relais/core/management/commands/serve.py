"""`relais serve`: gunicorn and the task consumer under one supervisor; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

RESTART_LIMIT = 5


class Command(BaseCommand):
    help = "Serve Relais: the web server (gunicorn) and the background task consumer, supervised together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task consumer.")

    def handle(self, *args, host, port, workers, no_worker, **options):
        python = sys.executable
        programs = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ],
        }
        if not no_worker:
            programs["worker"] = [python, "-m", "relais", "run_huey"]
        if settings.HUEY.get("immediate"):
            self.stderr.write("HUEY_IMMEDIATE is on: tasks run inside the web process, the consumer idles.")

        self.stopping = False
        children = {name: self._start(name, command) for name, command in programs.items()}
        restarts = dict.fromkeys(programs, 0)

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Relais is served on http://{host}:{port}/ — press Ctrl-C to stop.")
        exit_code = 0
        while not self.stopping:
            time.sleep(0.5)
            for name, process in list(children.items()):
                if process.poll() is None:
                    continue
                if restarts[name] >= RESTART_LIMIT:
                    self.stderr.write(f"{name} keeps stopping (exit {process.returncode}); giving up.")
                    self.stopping, exit_code = True, 1
                    break
                restarts[name] += 1
                self.stderr.write(f"{name} stopped (exit {process.returncode}); restarting.")
                time.sleep(min(2 ** restarts[name], 30))
                children[name] = self._start(name, programs[name])
        self._stop_all(children)
        self.stdout.write("Relais stopped.")
        if exit_code:
            sys.exit(exit_code)

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        # Own process group: the terminal's Ctrl-C reaches the supervisor only, which stops children in order.
        return subprocess.Popen(command, start_new_session=True)

    def _stop_all(self, children: dict[str, subprocess.Popen]) -> None:
        for process in children.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in children.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
