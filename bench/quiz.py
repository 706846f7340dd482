"""Quiz answers under concurrent load: POSTs that write, then a check that none was lost.

Each virtual learner has its own session: it starts an attempt at the bench course's quiz
(ten true/false questions, practice mode) and answers question after question, starting a
new attempt when one finishes. Every answer the server acknowledged (303) must afterwards be
in the database, exactly once.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass

import requests

from bench.load import Result, run_together, summarise
from bench.server import PYTHON, ROOT

QUIZ = "/courses/bench/answers/quiz/"
QUESTIONS = 10


@dataclass
class QuizLoad:
    answers: Result
    acknowledged: Counter[int]
    stored: Counter[int]

    @property
    def lost(self) -> int:
        return sum((self.acknowledged - self.stored).values())

    @property
    def extra(self) -> int:
        return sum((self.stored - self.acknowledged).values())


def _start(session: requests.Session, base: str) -> str:
    token = session.cookies.get("csrftoken") or ""
    response = session.post(
        base + QUIZ + "start/", data={"csrfmiddlewaretoken": token}, allow_redirects=False
    )
    if response.status_code != 303:
        raise RuntimeError(f"start answered {response.status_code}")
    # Location: /courses/bench/answers/quiz/attempts/<id>/1/ -> the attempt's own URL
    return base + response.headers["Location"].rsplit("/", 2)[0] + "/"


def quiz_load(base: str, seconds: int, learners: int) -> QuizLoad:
    deadline = time.monotonic() + seconds
    acknowledged: Counter[int] = Counter()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def learner() -> None:
        nonlocal errors
        session = requests.Session()
        session.get(base + QUIZ, timeout=10)
        mine: list[float] = []
        acked: Counter[int] = Counter()
        failed = 0
        while time.monotonic() < deadline:
            attempt_url = _start(session, base)
            attempt_id = int(attempt_url.rstrip("/").rsplit("/", 1)[1])
            for number in range(1, QUESTIONS + 1):
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter()
                try:
                    response = session.post(
                        f"{attempt_url}{number}/",
                        data={
                            "csrfmiddlewaretoken": session.cookies.get("csrftoken") or "",
                            "sequence": str(number - 1),
                            "value": "true",
                        },
                        allow_redirects=False,
                        timeout=10,
                    )
                    if response.status_code == 303:
                        acked[attempt_id] += 1
                    else:
                        failed += 1
                except requests.RequestException:
                    failed += 1
                mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            acknowledged.update(acked)
            errors += failed

    seconds_taken = run_together(learner, learners)
    return QuizLoad(
        answers=summarise(latencies, seconds_taken, errors),
        acknowledged=acknowledged,
        stored=Counter(),
    )


def stored_answers(env: dict[str, str]) -> Counter[int]:
    """Responses per attempt of the bench quiz, read straight from the database."""
    code = (
        "import json; from django.db.models import Count; from quizzes.models import Response;"
        "rows = Response.objects.filter(attempt__quiz__lesson__course__slug='bench')"
        ".values('attempt').annotate(n=Count('id'));"
        "print(json.dumps({r['attempt']: r['n'] for r in rows}))"
    )
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return Counter({int(k): v for k, v in json.loads(output.strip().splitlines()[-1]).items()})
