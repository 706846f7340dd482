from __future__ import annotations

import subprocess
import sys

MODULES = [
    "notation",
    "kinds",
    "architectures",
    "rules",
    "assumptions",
    "metrics",
    "analysis",
    "describe",
    "operations",
]


def test_the_domain_imports_nothing_from_django():
    imports = "; ".join(f"import virtlearn.stacks.{name}" for name in MODULES)
    check = "import sys; assert not any(m.startswith('django') for m in sys.modules), 'django'"
    result = subprocess.run(
        [sys.executable, "-c", f"{imports}; {check}"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
