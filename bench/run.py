"""`make bench`: serve virtlearn with gunicorn on 127.0.0.1 and measure it.

Every figure is reported as a ratio to /healthz (a view with no template and no database),
measured in the same run on the same machine, so the numbers mean something on a shared box.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.load import get_load, python_get
from bench.quiz import quiz_load, stored_answers
from bench.server import running_server
from bench.sizes import fetch, page_weight

CONTAINERS = "server > os > engine > [container > libs > app, container > libs > app]"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://127.0.0.1/build/"}


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    headers: dict[str, str]
    min_ratio: float | None = None


def q(notation: str) -> str:
    return quote(notation, safe="")


GETS = [
    Target("healthz (floor)", "/healthz", {}),
    Target(
        "builder step (htmx)",
        f"/build/?s={q(CONTAINERS)}&op=add&at=0.0.0&kind=container",
        HTMX,
        0.6,
    ),
    Target("api/stack", f"/api/stack?s={q(CONTAINERS)}", {}),
    Target("diagram.png", f"/build/diagram.png?s={q(CONTAINERS)}", {}),
    Target("course page", "/courses/virtualization/", {}),
    Target("lesson page", "/courses/virtualization/{lesson}/", {}, 0.4),
]

SIZES = [
    ("builder page + assets", f"/build/?s={q(CONTAINERS)}", {}, 45 * 1024),
    (
        "builder fragment",
        f"/build/?s={q(CONTAINERS)}&op=add&at=0.0.0&kind=container",
        HTMX,
        8 * 1024,
    ),
    ("lesson page + assets", "/courses/virtualization/{lesson}/", {}, 45 * 1024),
]


def first_lesson(base: str) -> str:
    body, encoding = fetch(base + "/courses/virtualization/")
    html = (gzip.decompress(body) if encoding == "gzip" else body).decode()
    match = re.search(r'href="/courses/virtualization/([\w-]+)/"', html)
    if not match:
        raise SystemExit("bench: the course page lists no lesson; is the course imported?")
    return match.group(1)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def measure_quiz(base: str, env: dict[str, str], database: str, seconds: int, learners: int) -> int:
    """Concurrent quiz answers against a floor measured by the same Python client."""
    floor = python_get(base + "/healthz", {}, seconds, learners)
    load = quiz_load(base, seconds, learners)
    load.stored = stored_answers(env)
    ratio = load.answers.rps / floor.rps
    acknowledged = sum(load.acknowledged.values())
    ok = load.answers.errors == 0 and load.lost == 0 and load.extra == 0
    print(
        f"quiz answer POST, {database:10} {load.answers.rps:7.0f}/s  p50 {load.answers.p50_ms:.1f} ms"
        f"  p99 {load.answers.p99_ms:.1f} ms  ratio {ratio:.2f} (floor {floor.rps:.0f}/s, same client)"
        f"\n  {learners} learners at once: {acknowledged} answers acknowledged, "
        f"{sum(load.stored.values())} in the database, {load.lost} lost, {load.extra} extra, "
        f"{load.answers.errors} errors: {verdict(ok)}"
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--learners", type=int, default=16, help="concurrent quiz takers")
    parser.add_argument(
        "--postgres", default=os.environ.get("PG_URL"), help="a PostgreSQL URL for the quiz load"
    )
    args = parser.parse_args()

    missed = 0
    with running_server() as (base, env):
        lesson = first_lesson(base)
        print(
            f"virtlearn bench: gunicorn (4 workers, gthread, 1 thread each) at {base}, {args.seconds} s each\n"
        )
        print(
            f"{'endpoint':24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>7}"
        )
        urls = [base + target.path.format(lesson=lesson) for target in GETS]
        for url, target in zip(urls, GETS, strict=True):  # warm up every worker and cache
            get_load(url, target.headers, 3, args.connections)
        floor = get_load(urls[0], {}, args.seconds, args.connections)
        for url, target in zip(urls, GETS, strict=True):
            # Each endpoint right after a floor run of its own: drift in the machine's load
            # between runs then moves both sides of the ratio alike.
            if url != urls[0]:
                floor = get_load(urls[0], {}, args.seconds, args.connections)
            result = (
                floor
                if url == urls[0]
                else get_load(url, target.headers, args.seconds, args.connections)
            )
            ratio = result.rps / floor.rps
            mark = ""
            if target.min_ratio is not None:
                ok = ratio >= target.min_ratio and result.errors == 0
                missed += not ok
                mark = f"  target >= {target.min_ratio}: {verdict(ok)}"
            print(
                f"{target.name:24} {result.rps:9.0f} {result.p50_ms:8.1f} {result.p99_ms:8.1f} "
                f"{result.errors:7d} {ratio:7.2f}{mark}"
            )

        print(f"\n{'bytes (gzip)':34} {'total':>8}  detail")
        for name, path, headers, limit in SIZES:
            weight = page_weight(base + path.format(lesson=lesson), headers)
            ok = weight.total <= limit
            missed += not ok
            detail = ", ".join(
                f"{Path(a).name.split('.')[0]} {n}" for a, n in weight.assets.items()
            )
            print(
                f"{name:34} {weight.total:8d}  html {weight.html}"
                + (f"; {detail}" if detail else "")
                + f"  (limit {limit}: {verdict(ok)})"
            )

        print()
        missed += measure_quiz(base, env, "SQLite", args.seconds, args.learners)
    if args.postgres:
        with running_server(args.postgres) as (base, env):
            missed += measure_quiz(base, env, "PostgreSQL", args.seconds, args.learners)
    else:
        print("quiz answer POST, PostgreSQL: skipped (no --postgres URL or PG_URL)")

    print("\nall targets met" if not missed else f"\n{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
