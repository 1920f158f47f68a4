"""Folders replaced whole: a reader (or a killed writer) never sees half of one result and half of another.

``write_folder_atomically(path, write_fn)`` is the one way lunarbase replaces a folder of results (a run's file
set, a comparison, an optimisation, a study, a catalogue entry). ``write_fn(staging)`` writes every file into a
fresh staging folder beside ``path``; only when it returns is the staging folder put in place in one atomic
step, and the previous result removed afterwards:

- **Linux** (glibc's ``renameat2``, through ctypes): ``RENAME_EXCHANGE`` swaps the staging folder and the old
  result in one system call, so ``path`` names the old folder or the new one at every instant, never nothing;
  ``RENAME_NOREPLACE`` puts a first result in place without ever merging into a folder that a concurrent writer
  placed a moment earlier.
- **Elsewhere** (no ``renameat2``, or a file system that refuses it): ``path`` becomes a symbolic link to a
  versioned folder ``.NAME.v-<pid>-<random>``, replaced by ``os.replace`` of a new link (atomic on POSIX). An
  old layout (a real folder at ``path``) is first renamed to ``.NAME.old-<pid>-<random>``: the one moment
  ``path`` is missing, repaired by ``recover_folder`` on the next write.

Whatever a kill leaves is cleaned on the next write to the same folder:

- staging folders are named ``.NAME.stage-<pid>-<random>`` and removed only when that process is gone (or, in
  this process, when no writer here holds them), so a concurrent writer's live staging folder is never touched;
- a ``.NAME.old`` (the layout before this module) or ``.NAME.old-<pid>-<random>`` left where ``path`` is missing
  is renamed back to ``path`` (the last complete result comes back), otherwise removed.

Two writers into the same ``path`` both succeed and the last swap wins whole. A regular file (or a link to one)
at ``path`` is refused with ``NotAFolderError`` before ``write_fn`` runs: it is someone's data, not a result.
The module is foundation and uses only the standard library, so that every layer above may use it (the core's
studies and catalogue as well as the interfaces' file sets).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
_LIVE: set[str] = set()  # staging and version folders this process is writing now (absolute paths)
_LIVE_LOCK = threading.Lock()
_PLACE_LOCK = threading.Lock()
_RETRIES = 50


class NotAFolderError(FileExistsError):
    """``path`` exists and is not a folder (a regular file, or a link to one): refused, nothing written."""


def _load_renameat2():
    """glibc's ``renameat2`` (2.28+) as a ctypes function, or None where the platform lacks it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_renameat2 = _load_renameat2()


class _Unsupported(Exception):
    """renameat2 exists but this file system (or kernel) does not do the flag asked."""


def _rename2(src: Path, dst: Path, flags: int) -> None:
    """``renameat2(src, dst, flags)``; OSError as ``os.rename`` raises it, ``_Unsupported`` for EINVAL/ENOSYS."""
    if _renameat2 is None:
        raise _Unsupported
    if _renameat2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        raise _Unsupported
    raise OSError(err, os.strerror(err), str(dst))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _leftovers(parent: Path, name: str) -> re.Pattern:
    return re.compile(rf"^\.{re.escape(name)}\.(stage|v|old|link)-(\d+)-[0-9a-f]+$")


def _abandoned(entry: Path, pid: int, kind: str) -> bool:
    """Left by a writer that is gone: another process that no longer exists, or this one with no writer on it.

    A version folder of this process is never abandoned while it runs: a concurrent writer here may have just
    pointed the link at it (its own failures remove their versions themselves)."""
    if pid != os.getpid():
        return not _pid_alive(pid)
    if kind == "v":
        return False
    with _LIVE_LOCK:
        return str(entry) not in _LIVE


def _remove(entry: Path) -> None:
    if entry.is_symlink() or not entry.is_dir():
        entry.unlink(missing_ok=True)
    else:
        shutil.rmtree(entry, ignore_errors=True)


def _mtime(entry: Path) -> float:
    """When ``entry`` was last changed (0 if a concurrent writer took it away meanwhile)."""
    try:
        return entry.lstat().st_mtime
    except FileNotFoundError:
        return 0.0


def recover_folder(path: Path) -> None:
    """Repair what a killed writer left around ``path``: bring back the last whole result if ``path`` is missing
    (from ``.NAME.old``, the previous layout's hidden copy, or ``.NAME.old-<pid>-<random>``), then remove the
    staging, version and old folders of writers that are gone. Never touches a live writer's folders, nor a
    version folder ``path`` links to."""
    parent, name = path.parent, path.name
    if not parent.is_dir():
        return
    pattern = _leftovers(parent, name)
    olds = [parent / f".{name}.old"] + sorted(
        (e for e in parent.iterdir() if (m := pattern.match(e.name)) and m.group(1) == "old"
         and _abandoned(e, int(m.group(2)), "old")), key=_mtime, reverse=True)
    for old in olds:
        if not os.path.lexists(path) and old.is_dir() and not old.is_symlink():
            try:
                _rename2(old, path, RENAME_NOREPLACE)
            except _Unsupported:
                try:
                    os.rename(old, path)
                except OSError:
                    pass
            except OSError:
                pass  # another writer placed a result first: that one stands
    shutil.rmtree(parent / f".{name}.old", ignore_errors=True)
    current = os.path.realpath(path) if path.is_symlink() else None
    for entry in list(parent.iterdir()):
        m = pattern.match(entry.name)
        if m and str(entry) != current and _abandoned(entry, int(m.group(2)), m.group(1)):
            _remove(entry)


def _fresh(parent: Path, name: str, kind: str) -> Path:
    return parent / f".{name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _refuse_file(path: Path) -> None:
    """A file (or a link to anything but a folder) at ``path`` is someone's data: refuse it. A link of the
    fallback layout is ours whatever it names at this instant (a concurrent writer may be replacing it)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        return
    if stat.S_ISLNK(st.st_mode):
        if _leftovers(path.parent, path.name).match(os.path.basename(os.readlink(path))) or path.is_dir():
            return
    raise NotAFolderError(errno.EEXIST, "a file, not a folder, is in the way", str(path))


def write_folder_atomically(path: Path | str, write_fn: Callable[[Path], T]) -> T:
    """Write a folder of results at ``path`` whole, replacing any previous one in one atomic step.

    ``write_fn(staging)`` writes the files into an empty staging folder (its return value is returned); on any
    exception the staging folder is removed and the previous result stays as it was. Leftovers of killed writers
    are cleaned first (``recover_folder``). Raises ``NotAFolderError`` where ``path`` is a file, before
    ``write_fn`` runs; other ``OSError`` where the folder cannot be written.
    """
    with staged_folder(path) as staging:
        return write_fn(staging)


@contextmanager
def staged_folder(path: Path | str) -> Iterator[Path]:
    """``write_folder_atomically`` as a ``with`` block: fill the yielded staging folder; when the block ends
    without an error it replaces ``path`` whole, otherwise it is removed and the previous result stays."""
    path = Path(path).absolute()
    parent, name = path.parent, path.name
    _refuse_file(path)
    parent.mkdir(parents=True, exist_ok=True)
    recover_folder(path)
    staging = _fresh(parent, name, "stage")
    with _LIVE_LOCK:
        _LIVE.add(str(staging))
    try:
        staging.mkdir(mode=0o700)
        yield staging
        os.chmod(staging, 0o755)
        _place(staging, path)
    finally:
        with _LIVE_LOCK:
            _LIVE.discard(str(staging))
        if os.path.lexists(staging):
            _remove(staging)  # on success this holds the previous result, swapped out


def _place(staging: Path, path: Path) -> None:
    """Put ``staging`` at ``path`` in one atomic step; afterwards ``staging`` holds what was there (or nothing)."""
    for _ in range(_RETRIES):
        _refuse_file(path)
        try:
            if os.path.lexists(path):
                _rename2(staging, path, RENAME_EXCHANGE)
                _between_steps()
                if staging.is_symlink():
                    _drop_link_target(staging, path)
            else:
                _rename2(staging, path, RENAME_NOREPLACE)
            return
        except _Unsupported:
            return _place_by_link(staging, path)
        except FileNotFoundError:  # the old result went between the check and the swap: place it afresh
            continue
        except FileExistsError:  # a concurrent writer placed a first result: swap with it instead
            continue
    raise OSError(errno.EBUSY, "too many concurrent writers", str(path))


def _drop_link_target(link: Path, path: Path) -> None:
    """After swapping a real folder over a link of the fallback layout, remove the version folder it named."""
    target = Path(os.path.realpath(link))
    if _leftovers(path.parent, path.name).match(target.name) and target.parent == path.parent:
        shutil.rmtree(target, ignore_errors=True)


def _place_by_link(staging: Path, path: Path) -> None:
    """The fallback: ``path`` a link to a version folder, replaced by ``os.replace`` of a new link."""
    parent, name = path.parent, path.name
    version, link, old = (_fresh(parent, name, kind) for kind in ("v", "link", "old"))
    with _LIVE_LOCK:
        _LIVE.update((str(version), str(link), str(old)))
    previous = None
    try:
        os.rename(staging, version)
        if os.path.lexists(path) and not path.is_symlink():  # the real-folder layout: moved aside, recoverable
            try:
                os.rename(path, old)
                previous = old
            except FileNotFoundError:  # a concurrent writer moved it first
                pass
            _between_steps()
        os.symlink(version.name, link)
        with _PLACE_LOCK:  # in this process, the link's replacement and the sweep of versions go one at a time
            os.replace(link, path)
            _sweep_versions(parent, name, version)
    except BaseException:
        for leftover in (version, link):
            if os.path.lexists(leftover) and str(leftover) != os.path.realpath(path):
                _remove(leftover)
        raise
    finally:
        with _LIVE_LOCK:
            _LIVE.difference_update((str(version), str(link), str(old)))
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)


def _sweep_versions(parent: Path, name: str, current: Path) -> None:
    """Remove the version folders the link no longer names: this process's that no writer here holds (the caller
    holds ``_PLACE_LOCK``, so none is being named now) and those of processes that are gone."""
    pattern = _leftovers(parent, name)
    for entry in list(parent.iterdir()):
        m = pattern.match(entry.name)
        if m and m.group(1) == "v" and entry != current:
            pid = int(m.group(2))
            if pid == os.getpid():
                with _LIVE_LOCK:
                    if str(entry) in _LIVE:  # a writer here about to name it
                        continue
            if pid == os.getpid() or not _pid_alive(pid):
                shutil.rmtree(entry, ignore_errors=True)


def _between_steps() -> None:
    """The instant between two steps of a replacement (after the swap, before the old result is removed; in the
    fallback, after the old folder is moved aside, before the link names the new one): a hook for tests that
    inject a failure there."""


def write_file_atomically(path: Path | str, write_fn: Callable[[Path], T]) -> T:
    """Write one file whole: ``write_fn(tmp)`` writes a temporary file in the same folder (named
    ``.NAME.<random>``), which is renamed over ``path`` when it returns and removed if it raises. A folder at
    ``path`` is refused (``IsADirectoryError``) before ``write_fn`` runs."""
    import tempfile

    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder, not a file, is in the way", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        result = write_fn(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def write_text_atomically(path: Path | str, text: str) -> Path:
    """Write one text file whole (``write_file_atomically``)."""
    write_file_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return Path(path)


__all__ = ["NotAFolderError", "recover_folder", "staged_folder", "write_file_atomically", "write_folder_atomically",
           "write_text_atomically"]
