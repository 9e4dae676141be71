"""A newcomer's first commands: what `make demo` says, the README, --debug anywhere, clear failures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_make_demo_ends_by_saying_what_to_open_and_how_to_run_newsgraph():
    recipe = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    last = recipe.strip().splitlines()[-4:]
    said = " ".join(last)
    assert "out/graph.html" in said and ".venv/bin/activate" in said and ".venv/bin/newsgraph" in said


def test_the_readme_tells_a_newcomer_how_to_reach_the_venv_and_what_to_open():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index("## After `make demo`") : readme.index("## Command line")]
    assert ". .venv/bin/activate" in after and ".venv/bin/newsgraph" in after and "out/graph.html" in after
    usage = readme[readme.index("## Command line") :]
    build_help = _cli("build", "--help").stdout
    for option in re.findall(r"\[(--[a-z-]+)", usage[: usage.index("newsgraph query")]):
        assert option in build_help, option


def test_the_license_is_an_spdx_string_so_setuptools_does_not_warn():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert any(req.startswith("setuptools>=77") for req in project["build-system"]["requires"])


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_works_before_and_after_the_command(tmp_path, where):
    args = ["build", "no/such/folder", "--out", str(tmp_path / "out")]
    result = _cli(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert result.returncode != 0 and "Traceback" in result.stderr and "does not exist" in result.stderr


def test_a_failed_first_build_leaves_no_output_folder_lock_or_cache(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    result = _cli("build", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "No article could be read" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB file system (tmpfs, needs root): a real full disk, not a patched write."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_clear_line(tiny_disk):
    result = _cli("build", str(SEEDS), "--out", str(tiny_disk / "out"))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "No space left" in result.stderr or "disk is probably full" in result.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == []  # nothing half-written is left behind


def test_no_turtle_1_1_tool_claims_the_rdf_1_2_file_by_its_name():
    import mimetypes

    from exports.registry import get_exporter
    from rdflib.util import guess_format

    name = get_exporter("rdf12").filename
    assert guess_format(name) is None and mimetypes.guess_type(name) == (None, None)
    assert guess_format(get_exporter("turtle").filename) == "turtle"  # the check can tell
