"""The package installs whole (pip install -e . or a wheel): a console script beside `python -m
timeline`, every resource file in the wheel, a py.typed marker, and a public API each of whose
names resolves without `import timeline` loading any stage."""

from __future__ import annotations

import fnmatch
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import timeline

PROJECT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_public_name_resolves_to_what_its_module_defines():
    for name in timeline.__all__:
        value = getattr(timeline, name)
        if name != "__version__":
            assert getattr(importlib.import_module(timeline._PUBLIC[name]), name) is value


def test_importing_the_package_loads_no_stage_until_a_name_is_used():
    code = "import sys, timeline; print(sorted(m for m in sys.modules if m.startswith('timeline')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['timeline']"


def test_the_console_script_is_the_clis_main_and_the_version_is_the_packages():
    assert PYPROJECT["project"]["scripts"] == {"timeline": "timeline.cli:main"}
    module, _, function = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"].rpartition(".")
    assert getattr(importlib.import_module(module), function) == timeline.__version__
    assert callable(importlib.import_module("timeline.cli").main)


def test_every_file_the_package_reads_is_in_its_package_data():
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["*"]
    package = PROJECT / "timeline"
    data = [path for path in package.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")]
    assert package / "py.typed" in data
    for path in data:
        inner = path.relative_to(path.parent.parent if path.parent.name == "resources" else path.parent).as_posix()
        assert any(fnmatch.fnmatch(inner, pattern) for pattern in patterns), f"{path} would be left out of the wheel"
