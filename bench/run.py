"""`make bench`: serve virtlearn with gunicorn on 127.0.0.1 and measure it.

Every figure is reported as a ratio to /healthz (a view with no template and no database),
measured in the same run on the same machine, so the numbers mean something on a shared box.
"""

from __future__ import annotations

import argparse
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.load import Result, get_load
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
        f"/build/?s={q(CONTAINERS)}&op=add&at=0.1.0&kind=container",
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
        f"/build/?s={q(CONTAINERS)}&op=add&at=0.1.0&kind=container",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each load run")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    missed = 0
    with running_server() as (base, _env):
        lesson = first_lesson(base)
        print(
            f"virtlearn bench: gunicorn (2 workers x 4 threads) at {base}, {args.seconds} s each\n"
        )
        print(
            f"{'endpoint':24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio':>7}"
        )
        floor: Result | None = None
        for target in GETS:
            url = base + target.path.format(lesson=lesson)
            result = get_load(url, target.headers, args.seconds, args.connections)
            floor = floor or result
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

    print("\nall targets met" if not missed else f"\n{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
