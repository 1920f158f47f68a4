"""The command line in this process: what a user would see, without starting a Python per call."""

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from typing import NamedTuple

import pytest


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path, monkeypatch):
    """Each test runs in its own empty folder: a command without ``--out`` writes ``out/`` there, never into the
    checkout (where it would replace what ``make run`` wrote)."""
    monkeypatch.chdir(tmp_path)


class Result(NamedTuple):
    """What a finished command left: its exit code and its two streams (as ``subprocess.run`` gives them)."""

    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Result:
    """Run ``lunarbase ARGS`` through the real entry point (``main``, usage errors included), in process."""
    from lunarbase.interfaces.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv, sys.argv = sys.argv, ["lunarbase", *args]
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main()
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        sys.argv = argv
    return Result(code, out.getvalue(), err.getvalue())
