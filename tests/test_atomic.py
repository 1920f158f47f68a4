"""Folders replaced whole (``interfaces.atomic``): a reader, a killed writer or a concurrent writer never sees half
of one result and half of another, nothing a kill leaves stays, and a file in the way is refused."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lunarbase import atomic
from lunarbase.atomic import NotAFolderError, recover_folder, write_folder_atomically
from tests.interfaces.conftest import cli


def _writer(tag: str, files: int = 5):
    def write(staging: Path) -> str:
        for k in range(files):
            (staging / f"part{k}.txt").write_text(tag)
        return tag
    return write


def _whole(folder: Path) -> str:
    """The one tag every file of the folder holds (a mixed or partial folder fails the test)."""
    tags = {p.read_text() for p in folder.iterdir()}
    assert len(tags) == 1 and len(list(folder.iterdir())) == 5, tags
    return tags.pop()


def _hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _dead_pid() -> int:
    """The id of a process that has exited (reaped), for leftovers of a killed writer."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(params=["renameat2", "link"])
def mode(request, monkeypatch):
    """Both ways of swapping: renameat2(RENAME_EXCHANGE) on Linux, and the versioned folder plus link elsewhere."""
    if request.param == "renameat2" and atomic._renameat2 is None:
        pytest.skip("no renameat2 here")
    if request.param == "link":
        monkeypatch.setattr(atomic, "_renameat2", None)
    return request.param


def test_a_folder_is_written_then_replaced_whole(tmp_path, mode):
    target = tmp_path / "run"
    assert write_folder_atomically(target, _writer("a")) == "a"
    assert _whole(target) == "a"
    write_folder_atomically(target, _writer("b", files=5))
    assert _whole(target) == "b"
    assert target.is_symlink() == (mode == "link")
    assert _hidden(tmp_path) == ([] if mode == "renameat2" else [p for p in _hidden(tmp_path) if ".v-" in p])
    assert len(_hidden(tmp_path)) == (0 if mode == "renameat2" else 1)  # only the version the link names


def test_a_failing_writer_leaves_the_previous_result(tmp_path, mode):
    target = tmp_path / "run"
    write_folder_atomically(target, _writer("a"))

    def broken(staging: Path):
        (staging / "part0.txt").write_text("b")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_folder_atomically(target, broken)
    assert _whole(target) == "a"
    assert len(_hidden(tmp_path)) == (0 if mode == "renameat2" else 1)


def test_a_failure_between_the_two_steps_leaves_a_whole_result(tmp_path, mode, monkeypatch):
    """Injected between the swap and the removal of the old result (renameat2), or between moving the old
    folder aside and placing the link (fallback): the folder is never missing after the next write's recovery,
    and it holds one whole result."""
    target = tmp_path / "run"
    if mode == "link":  # the fallback's two steps happen when a real folder (the old layout) is replaced
        target.mkdir()
        _writer("a")(target)
    else:
        write_folder_atomically(target, _writer("a"))

    def boom():
        raise KeyboardInterrupt  # as a kill would stop it, though here the process lives on

    monkeypatch.setattr(atomic, "_between_steps", boom)
    with pytest.raises(KeyboardInterrupt):
        write_folder_atomically(target, _writer("b"))
    monkeypatch.setattr(atomic, "_between_steps", lambda: None)
    recover_folder(target)
    assert _whole(target) in ("a", "b")
    write_folder_atomically(target, _writer("c"))
    assert _whole(target) == "c"
    assert len(_hidden(tmp_path)) == (0 if mode == "renameat2" else 1)


def test_a_run_killed_mid_swap_by_the_old_layout_is_recovered(tmp_path):
    """The layout before: old result renamed to .NAME.old, then killed before the new one came in."""
    old = tmp_path / ".run.old"
    old.mkdir()
    _writer("a")(old)
    recover_folder(tmp_path / "run")
    assert _whole(tmp_path / "run") == "a" and _hidden(tmp_path) == []

    (tmp_path / "run").rename(old)  # killed again, then the next write recovers and replaces
    write_folder_atomically(tmp_path / "run", _writer("b"))
    assert _whole(tmp_path / "run") == "b" and _hidden(tmp_path) == []


def test_a_killed_writers_staging_is_removed_and_a_live_ones_kept(tmp_path):
    """Staging names carry the writer's process id: removed only when that process is gone."""
    target = tmp_path / "run"
    dead = tmp_path / f".run.stage-{_dead_pid()}-0badc0de"
    dead.mkdir()
    (dead / "part0.txt").write_text("half")
    live_writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".run.stage-{live_writer.pid}-0000beef"
        live.mkdir()
        other = tmp_path / f".other.stage-{_dead_pid()}-12345678"  # another folder's: not this write's business
        other.mkdir()
        write_folder_atomically(target, _writer("a"))
        assert not dead.exists() and live.exists() and other.exists()
        assert _whole(target) == "a"
    finally:
        live_writer.kill()
        live_writer.wait()
    write_folder_atomically(target, _writer("b"))
    assert not live.exists()


def test_a_file_in_the_way_is_refused_before_writing(tmp_path):
    (tmp_path / "run").write_text("someone's notes")
    called = []
    with pytest.raises(NotAFolderError):
        write_folder_atomically(tmp_path / "run", lambda staging: called.append(staging))
    assert called == [] and (tmp_path / "run").read_text() == "someone's notes"
    assert _hidden(tmp_path) == []


def test_concurrent_writers_in_threads_all_succeed_and_the_last_wins_whole(tmp_path, mode):
    target = tmp_path / "run"
    errors, barrier = [], threading.Barrier(8)

    def worker(k: int):
        barrier.wait()
        try:
            for j in range(10):
                write_folder_atomically(target, _writer(f"{k}-{j}"))
        except Exception as err:  # noqa: BLE001 - collected for the assertion
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    _whole(target)
    write_folder_atomically(target, _writer("last"))  # after the crowd, one write leaves only its own folder
    assert _whole(target) == "last" and len(_hidden(tmp_path)) == (0 if mode == "renameat2" else 1)


_PROCESS_WRITER = """
import sys
from pathlib import Path
from lunarbase.atomic import write_folder_atomically
target, tag = Path(sys.argv[1]), sys.argv[2]
for j in range(15):
    def write(staging, j=j):
        for k in range(5):
            (staging / f"part{k}.txt").write_text(f"{tag}-{j}")
    write_folder_atomically(target, write)
"""


def test_concurrent_writer_processes_all_succeed(tmp_path):
    target = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(Path(atomic.__file__).parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", _PROCESS_WRITER, str(target), str(k)], env=env,
                              stderr=subprocess.PIPE, text=True) for k in range(4)]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    assert all(code == 0 for code, _ in results), results
    _whole(target)
    assert _hidden(tmp_path) == [] or atomic._renameat2 is None


def test_run_refuses_a_file_where_its_folder_goes(tmp_path):
    """``run --out D`` where D/NAME is a regular file: one line, exit 2, the file untouched."""
    (tmp_path / "lunar-base-alpha").write_text("not a result")
    result = cli("run", "--out", str(tmp_path), "--no-report", "--years", "2026:2030")
    assert result.returncode == 2
    assert result.stderr.count("error:") == 1 and "is a file" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "lunar-base-alpha").read_text() == "not a result"
    assert _hidden(tmp_path) == []


_KILLED_WRITER = """
import sys
from pathlib import Path
from lunarbase.atomic import write_folder_atomically
target = Path(sys.argv[1])
print("ready", flush=True)
j = 0
while True:
    j += 1
    def write(staging, j=j):
        for k in range(5):
            (staging / f"part{k}.txt").write_text(f"killed-{j}" * 2000)
    write_folder_atomically(target, write)
"""


def test_writers_killed_at_random_moments_leave_a_whole_result_and_nothing_else(tmp_path):
    """SIGKILL a writer mid-loop, ten times: the folder is always one whole result (never missing once written),
    and the next write leaves nothing hidden behind."""
    import random
    import time

    target = tmp_path / "run"
    write_folder_atomically(target, _writer("first"))
    env = {**os.environ, "PYTHONPATH": str(Path(atomic.__file__).parents[1])}
    rng = random.Random(14)
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(target)], env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        proc.wait()
        proc.stdout.close()
        tags = {p.read_text() for p in target.iterdir()}
        assert len(tags) == 1 and len(list(target.iterdir())) == 5
    write_folder_atomically(target, _writer("after"))
    assert _whole(target) == "after"
    assert len(_hidden(tmp_path)) == (0 if atomic._renameat2 is not None else 1)
