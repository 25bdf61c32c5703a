"""requirements.lock pins what requirements.txt asks for, every install goes through it, and the tests run on it;
the app on each supported Python (3.11 runs the suite; 3.12 and 3.13 below) from the lock as Cloud installs it."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.12", "3.13")  # beside the suite's own 3.11: what pyproject.toml's classifiers state


def human_list() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith(("#", "-"))]


def pinned(environment: dict | None = None) -> dict[str, str]:
    """The lock's exact version of each package that applies to `environment` (this interpreter's by default)."""
    found = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                (version,) = [spec.version for spec in requirement.specifier if spec.operator == "=="]
                found[canonicalize_name(requirement.name)] = version
    return found


def test_requirements_txt_installs_through_the_lock():
    assert "-c requirements.lock" in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("python", ["3.11", *PYTHONS])
def test_the_lock_pins_every_requirement_within_its_range_on_each_python(python):
    environment = default_environment() | {"python_version": python, "python_full_version": f"{python}.0"}
    locked = pinned(environment)
    for requirement in human_list():
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(locked[name]), f"{name}=={locked[name]} is not {requirement.specifier}"
    assert {"uvloop", "httptools", "watchfiles", "websockets"} <= set(locked)  # uvicorn[standard]'s extras


def test_the_tests_run_on_the_locked_versions():
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differ = {
        name: (version, installed.get(name)) for name, version in pinned().items() if installed.get(name) != version
    }
    assert not differ, f"installed packages differ from requirements.lock (locked, installed): {differ}"


def test_pyproject_states_the_supported_pythons():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11,<3.14"' in text
    assert all(f"Programming Language :: Python :: {python}" in text for python in ("3.11", *PYTHONS))


def interpreter(version: str) -> str | None:
    """An interpreter of `version` on this machine (pyenv's, or one on PATH), or None."""
    candidates = sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"), reverse=True)
    for candidate in [*map(str, candidates), f"python{version}"]:
        try:
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0 and done.stdout.split()[-1].startswith(f"{version}."):
            return candidate
    return None


# What each Python runs: the sample built, every door's saved answers over it, the course's queries, and
# the home page and the recommender drawn by AppTest.
ON_EACH_PYTHON = [
    "tests/test_answers.py::test_the_samples_answers_are_the_saved_ones",
    "tests/test_course_queries.py",
    "tests/test_app_home.py",
    "tests/test_app_recommender.py",
]


@pytest.mark.parametrize("version", PYTHONS)
def test_the_app_installs_from_the_lock_and_answers_the_same_on_python(version, tmp_path):
    python = interpreter(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    uv = [sys.executable, "-m", "uv"]
    venv = tmp_path / "venv"
    subprocess.run([*uv, "venv", "--quiet", "--python", python, str(venv)], check=True, cwd=ROOT, timeout=300)
    installed = subprocess.run(
        [*uv, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-r", "requirements-dev.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("FILMOTECA_", "PYTEST"))}
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'pytest'}", *ON_EACH_PYTHON],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout.splitlines()[-1] and "skipped" not in run.stdout.splitlines()[-1]
