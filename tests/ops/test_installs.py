"""What an operator installs: from the lock files, and no development tool on a server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_ONLY = {"pytest", "pytest-django", "playwright", "hypothesis", "pip-audit", "ruff"}
RUNTIME = {"django", "django-allauth", "gunicorn", "psycopg", "redis", "whitenoise"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _text(path: str) -> str:
    return (ROOT / path).read_text()


def locked(path: str) -> dict[str, str]:
    """name -> version of every package a lock file pins."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", _text(path), re.M)
    return {normalised(name): version for name, version in pins}


def test_every_locked_package_carries_a_hash():
    for path in ("requirements/runtime.txt", "requirements/dev.txt"):
        # A pin's line is followed by its indented continuation lines (hashes, "via" notes).
        pins = re.findall(r"^([A-Za-z0-9_.-]+==\S+)[^\n]*\n((?:[ \t]+.*\n?)*)", _text(path), re.M)
        assert len(pins) == len(locked(path)) > 10
        for pin, following in pins:
            assert "--hash=sha256:" in following, f"{path}: {pin} has no hash"


def test_the_runtime_lock_names_no_development_tool_and_agrees_with_the_development_lock():
    runtime, development = locked("requirements/runtime.txt"), locked("requirements/dev.txt")
    assert set(runtime) >= RUNTIME
    assert not DEVELOPMENT_ONLY & set(runtime)
    assert set(development) >= DEVELOPMENT_ONLY
    # A server and a developer's machine run the same version of every shared package.
    assert {name: development[name] for name in runtime} == runtime


def test_this_environment_runs_the_locked_versions():
    from importlib.metadata import distributions

    installed = {normalised(d.metadata["Name"]): d.version for d in distributions()}
    development = locked("requirements/dev.txt")
    differing = {
        name: (version, installed.get(name))
        for name, version in development.items()
        if installed.get(name) != version
    }
    assert not differing


@pytest.mark.skipif(not os.environ.get("CI"), reason="builds a fresh environment (about a minute)")
def test_make_serve_installs_the_runtime_set_without_development_packages(tmp_path):
    venv = tmp_path / "serve-venv"
    result = subprocess.run(
        [
            shutil.which("make") or "/usr/bin/make",
            "--no-print-directory",
            "serve-install",
            f"SERVE_VENV={venv}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    listed = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = {normalised(line.split("==")[0]) for line in listed.split()}
    assert names >= RUNTIME
    assert not DEVELOPMENT_ONLY & names
    # The production settings load in that environment.
    check = subprocess.run(
        [venv / "bin" / "python", "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEBUG": "true", "VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
