"""A production-like virtlearn for benchmarks: gunicorn on 127.0.0.1, DEBUG off, course loaded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COURSES = [ROOT / "lessons" / "content" / "virtualization", ROOT / "bench" / "course"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "VIRTLEARN_TESTING", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="virtlearn.settings",
        SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HTTPS="0",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        AXES_FAILURE_LIMIT="1000000",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


@contextmanager
def running_server(
    database_url: str | None = None, workers: int = 4, threads: int = 1
) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield (base URL, environment) of a gunicorn serving a fresh database with the course.

    One thread per worker: with several threads a process may take most of the load
    generator's keep-alive connections and leave a core idle, which made ratios swing.
    """
    with tempfile.TemporaryDirectory(prefix="virtlearn-bench-") as tmp:
        workdir = Path(tmp)
        env = server_env(workdir, database_url)
        if database_url:
            manage(env, "flush", "--noinput")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        for course in COURSES:
            manage(env, "import_course", str(course))
        port = free_port()
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "virtlearn.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/healthz")
            yield base, env
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")
