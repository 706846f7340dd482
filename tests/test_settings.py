"""Settings come from the environment, with safe defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "virtlearn.example.org",
    "DATABASE_URL": "postgres://user:password@127.0.0.1:5432/virtlearn",
    "EMAIL_HOST": "smtp.example.org",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "VIRTLEARN_TESTING",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_no_warnings_with_production_environment() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off() -> None:
    result = run_manage("check", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_is_off_unless_asked() -> None:
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = run_manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.stdout.strip() == "False", result.stderr
    result = run_manage("shell", "--no-imports", "-c", code, DEBUG="1")
    assert result.stdout.strip() == "True", result.stderr


def test_sqlite_by_default_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    code = (
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, DEBUG="1", SQLITE_PATH=str(tmp_path / "db.sqlite3")
    )
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"], result.stderr


def test_database_url_switches_to_postgresql() -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
