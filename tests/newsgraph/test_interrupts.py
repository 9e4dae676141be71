"""Interrupted builds: exit status, one line, no surviving worker, no lock left, old outputs whole as a set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exports.atomic import STAGING_MARK, staged_folder, staging_paths
from newsgraph.lock import lock_path, output_lock

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
OLD_SET = {"graph.ttl": "old turtle\n", "report.json": '{"articles_read": 1}\n', "statements.jsonl": "{}\n"}


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = {int(c) for c in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Forty articles: long enough that a build is still parsing or exporting when the signal comes."""
    root = tmp_path_factory.mktemp("interrupt_corpus")
    for n in range(8):
        for seed in sorted(SEEDS.glob("*.txt")):
            (root / f"{n:02d}-{seed.name}").write_text(f"Edition {n}. " + seed.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _old_outputs(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in OLD_SET.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "mine.txt").write_text("a file of the user's", encoding="utf-8")


def _assert_untouched(out: Path) -> None:
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.name in OLD_SET} == OLD_SET
    assert sorted(p.name for p in out.iterdir()) == sorted([*OLD_SET, "mine.txt"])
    stage, retired = staging_paths(out)
    assert not lock_path(out).exists() and not stage.exists() and not retired.exists()


def _start(corpus: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsgraph", "build", str(corpus), "--out", str(out), "--no-cache", "--quiet", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_parsing_exits_with_its_status_and_stops_every_worker(corpus, tmp_path, signum, status):
    out = tmp_path / "out"
    _old_outputs(out)
    proc = _start(corpus, out, "--workers", "2")
    assert _wait_for(lambda: len(_descendants(proc.pid)) >= 2, 60), "the parse workers never started"
    workers = _descendants(proc.pid)
    time.sleep(1.0)  # the workers are loading the model or parsing
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # Ctrl-C reaches the whole process group, workers included
    else:
        proc.send_signal(signum)  # `kill PID` reaches the build alone
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == status, stderr
    assert len(stderr.strip().splitlines()) == 1 and "stopped by SIG" in stderr and "Traceback" not in stderr
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 10), "a worker outlived its build"
    _assert_untouched(out)


def test_workers_die_with_a_killed_build_and_leave_the_folder_unlocked(corpus, tmp_path):
    out = tmp_path / "out"
    _old_outputs(out)
    proc = _start(corpus, out, "--workers", "2")
    assert _wait_for(lambda: len(_descendants(proc.pid)) >= 2, 60)
    workers = _descendants(proc.pid)
    proc.kill()  # SIGKILL: no clean-up code runs in the build
    proc.communicate(timeout=30)
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 10), "an orphaned worker survived SIGKILL of its build"
    with output_lock(out):  # nobody holds it any more
        pass
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.name in OLD_SET} == OLD_SET


def test_sigterm_during_export_stops_the_export_workers_and_keeps_the_old_set(tmp_path):
    out = tmp_path / "out"
    _old_outputs(out)
    proc = _start(SEEDS, out)  # one worker: any child process is an export worker
    assert _wait_for(lambda: bool(_descendants(proc.pid)) or proc.poll() is not None, 120, step=0.002)
    exporters = _descendants(proc.pid)
    assert exporters, "the build finished before its export workers were seen"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert _wait_for(lambda: not any(_alive(p) for p in exporters), 10), "an export worker outlived its build"
    _assert_untouched(out)


# -- the output set: old or new as a whole (no build needed) ---------------------------------


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.is_file()}


def test_a_failed_build_leaves_the_old_set_and_no_staging_folder(tmp_path):
    out = tmp_path / "out"
    _old_outputs(out)
    with pytest.raises(RuntimeError), staged_folder(out, owned=OLD_SET) as staged:
        (staged.path / "graph.ttl").write_text("new turtle\n", encoding="utf-8")
        raise RuntimeError("disk on fire")
    _assert_untouched(out)


def test_a_failed_first_build_leaves_no_folder(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), output_lock(out), staged_folder(out, owned=OLD_SET) as staged:
        (staged.path / ".cache").mkdir()
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_new_set_replaces_the_old_one_whole_and_keeps_what_newsgraph_did_not_write(tmp_path):
    out = tmp_path / "out"
    _old_outputs(out)
    (out / ".cache").mkdir()
    (out / ".cache" / "extractions.sqlite").write_text("rows", encoding="utf-8")
    (out / "graph.nq").write_text("a format this build does not write", encoding="utf-8")
    with staged_folder(out, owned={*OLD_SET, "graph.nq"}) as staged:
        for name in OLD_SET:
            (staged.path / name).write_text(f"new {name}\n", encoding="utf-8")
        assert _files(out)["graph.ttl"] == "old turtle\n"  # readers see the old set until the swap
    assert _files(out) == {**{name: f"new {name}\n" for name in OLD_SET}, "mine.txt": "a file of the user's"}
    assert (out / ".cache" / "extractions.sqlite").read_text(encoding="utf-8") == "rows"
    assert staged.swap_seconds is not None and staged.swap_seconds < 1.0
    assert not any(p.name.startswith(".out.") for p in tmp_path.iterdir())


@pytest.mark.parametrize("leftover", ["unfinished-stage", "old-set-after-exchange"])
def test_a_swap_cut_short_by_sigkill_is_tidied_by_the_next_build(tmp_path, leftover):
    out = tmp_path / "out"
    _old_outputs(out)
    stage, _ = staging_paths(out)
    stage.mkdir()
    if leftover == "unfinished-stage":
        (stage / STAGING_MARK).touch()
        (stage / "graph.ttl").write_text("half a new set", encoding="utf-8")
    else:  # the exchange happened, the carry-over did not: the cache is still in the old set
        (stage / ".cache").mkdir()
        (stage / "graph.ttl").write_text("the set before", encoding="utf-8")
    with staged_folder(out, owned=OLD_SET) as staged:
        (staged.path / "graph.ttl").write_text("new turtle\n", encoding="utf-8")
    assert _files(out)["graph.ttl"] == "new turtle\n" and not stage.exists()
    assert (out / ".cache").is_dir() == (leftover == "old-set-after-exchange")


def test_outputs_get_the_users_umask_not_0600(tmp_path):
    from exports.atomic import write_text_atomic

    previous = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
        with staged_folder(tmp_path / "out") as staged:
            write_text_atomic(staged.path / "b.txt", "y")
    finally:
        os.umask(previous)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "out" / "b.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o750


def test_the_lock_is_not_held_by_a_forked_child_and_goes_when_released(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        pid = os.fork()
        if pid == 0:  # the child: a worker that would outlive the build
            time.sleep(3)
            os._exit(0)
        assert lock_path(out).exists()
    try:
        with output_lock(out):  # the child still runs, and must not hold the lock
            pass
        assert not lock_path(out).exists()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
