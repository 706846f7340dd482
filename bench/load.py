"""Load generators: wrk for GETs when it is installed, a bounded Python client otherwise."""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    requests: int
    seconds: float
    errors: int
    latencies_ms: list[float] = field(default_factory=list)
    p50_ms: float = 0.0
    p99_ms: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _unit_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    duration = float(re.search(r"requests in ([\d.]+)s", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)
    return Result(
        requests=total,
        seconds=duration,
        errors=errors,
        p50_ms=_unit_ms(p50.group(1)) if p50 else 0.0,
        p99_ms=_unit_ms(p99.group(1)) if p99 else 0.0,
    )


def python_get(url: str, headers: dict[str, str], seconds: int, connections: int) -> Result:
    """Keep-alive GETs from `connections` threads for `seconds`; bounded in time."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors += failed

    seconds_taken = run_together(worker, connections)
    return summarise(latencies, seconds_taken, errors)


def run_together(work: Callable[[], None], copies: int) -> float:
    """Run `copies` threads of `work` at once; the seconds until the last one ends."""
    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def summarise(latencies: list[float], seconds: float, errors: int) -> Result:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    return Result(
        requests=len(ordered),
        seconds=seconds,
        errors=errors,
        latencies_ms=ordered,
        p50_ms=statistics.median(ordered) if ordered else 0.0,
        p99_ms=p99,
    )


def get_load(url: str, headers: dict[str, str], seconds: int, connections: int) -> Result:
    if shutil.which("wrk"):
        return wrk(url, headers, seconds, connections)
    return python_get(url, headers, seconds, connections)
