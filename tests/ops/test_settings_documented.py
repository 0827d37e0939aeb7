"""Every setting the code reads from the environment is listed in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""(?:env_[a-z]+|_int|environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_variable_the_settings_read_is_in_env_example():
    read = {
        name
        for path in (ROOT / "config").glob("*.py")
        for name in READ.findall(path.read_text())
        if path.name not in {"settings_test.py"}
    }
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert len(read) > 30
    assert read - listed == set()
