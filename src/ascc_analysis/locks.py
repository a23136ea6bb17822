"""One lock per folder, so that two runs never write the same corpus or site at once.

Shared ground for the commands that write a folder (``ascc build`` writes the corpus folder, ``ascc report`` the
reports folder) and those that read one while another may write it (``ascc report`` reads the corpus). The lock is
an advisory ``flock`` on ``<folder>/.ascc.lock``:

* a writer takes it **exclusively** and records itself in the file (pid, host, start time, command), so that a
  second run can name the holder;
* a reader of the corpus takes it **shared**: any number of reports may read one corpus, and a build waits until
  they finish (and they wait for a build in progress), so a report never sees half a corpus;
* the operating system releases the lock when its process ends, however it ends — a run killed with SIGKILL leaves
  only its record in the file, which the next run reports as a stale lock and takes over.

A run that finds the folder locked either waits (polling, with one message naming the holder) or, with
``wait=False``, fails at once with :class:`FolderLockedError` naming the holder. The lock works on local file
systems on Linux and macOS (``fcntl``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ascc_analysis.errors import AsccError

__all__ = ["LOCK_NAME", "FolderLockedError", "LockHolder", "folder_lock", "read_holder"]

log = logging.getLogger(__name__)

LOCK_NAME = ".ascc.lock"
"""File name of the lock inside a locked folder."""


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a folder's exclusive lock.

    Attributes:
        pid: Process id.
        host: Host name.
        started: When the lock was taken (UTC, ISO 8601).
        command: What the holder is doing ("ascc build").
    """

    pid: int
    host: str
    started: str
    command: str

    def describe(self) -> str:
        """One line for messages: ``pid 123 on host, since 2026-…, running ascc build``."""
        return f"pid {self.pid} on {self.host}, since {self.started}, running {self.command}"


class FolderLockedError(AsccError):
    """Another run holds the folder's lock (and the caller chose not to wait, or waited too long)."""

    def __init__(self, folder: Path, holder: LockHolder | None, *, waited: float | None = None) -> None:
        who = holder.describe() if holder is not None else "another run (it did not record itself)"
        how = f" after waiting {waited:.0f} s" if waited is not None else ""
        super().__init__(f"{folder}: locked by {who}{how}; try again when it has finished")
        self.folder = folder
        self.holder = holder


def read_holder(folder: Path) -> LockHolder | None:
    """The holder recorded in a folder's lock file, or ``None`` when there is none (or it is unreadable)."""
    try:
        data = json.loads((folder / LOCK_NAME).read_text(encoding="utf-8") or "null")
        return LockHolder(
            pid=int(data["pid"]), host=str(data["host"]), started=str(data["started"]), command=str(data["command"])
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_holder(fd: int, holder: LockHolder | None) -> None:
    text = "" if holder is None else json.dumps(holder.__dict__, sort_keys=True) + "\n"
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("utf-8"), 0)


@contextmanager
def folder_lock(
    folder: Path,
    *,
    mode: Literal["exclusive", "shared"] = "exclusive",
    command: str | None = None,
    wait: bool = True,
    timeout: float | None = None,
    on_wait: Callable[[LockHolder | None], None] | None = None,
    poll: float = 0.2,
) -> Iterator[None]:
    """Hold a folder's lock for the duration of a ``with`` block (the folder is created if missing).

    Args:
        folder: The folder to lock (a corpus or reports folder).
        mode: ``"exclusive"`` to write the folder, ``"shared"`` to read it while no one writes it.
        command: What the holder does, recorded for others' messages (default: the process's command line).
        wait: Wait for the lock; ``False`` fails at once when it is taken.
        timeout: Seconds to wait at most (``None``: no limit).
        on_wait: Called once, with the holder, when the lock is taken and the run starts waiting.
        poll: Seconds between attempts while waiting.

    Yields:
        Nothing; the lock is held inside the block and released after it, also on error.

    Raises:
        FolderLockedError: The lock is taken and ``wait`` is false, or ``timeout`` passed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    operation = fcntl.LOCK_EX if mode == "exclusive" else fcntl.LOCK_SH
    try:
        started_waiting: float | None = None
        while True:
            try:
                fcntl.flock(fd, operation | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = read_holder(folder)
                now = time.monotonic()
                if not wait:
                    raise FolderLockedError(folder, holder) from None
                if started_waiting is None:
                    started_waiting = now
                    if on_wait is not None:
                        on_wait(holder)
                elif timeout is not None and now - started_waiting >= timeout:
                    raise FolderLockedError(folder, holder, waited=now - started_waiting) from None
                time.sleep(poll)
        if mode == "exclusive":
            stale = read_holder(folder)
            if stale is not None:
                log.warning(
                    "%s: took over a stale lock from a run that ended without releasing it (%s)",
                    folder,
                    stale.describe(),
                )
            _write_holder(
                fd,
                LockHolder(
                    pid=os.getpid(),
                    host=socket.gethostname(),
                    started=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                    command=command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
                ),
            )
        try:
            yield
        finally:
            if mode == "exclusive":
                _write_holder(fd, None)
    finally:
        os.close(fd)  # closing the descriptor releases the flock
