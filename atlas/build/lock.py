"""One build at a time per output folder: an exclusive lock on a file beside the output.

A second build (a rebuild of `atlas serve`, another `atlas build`) waits, saying so, until the first
has finished, then goes on with a site the first left whole; when the wait runs out it stops with a
clear message and changes nothing. The lock goes with the process that holds it, however it ends:
processes it forks (render workers) drop their copy of it, so a killed build's orphans cannot keep it.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked there
    fcntl = None

WAIT_SECONDS = 900.0  # a cold build of a large atlas takes minutes; ATLAS_BUILD_WAIT overrides
POLL_SECONDS = 0.2
_HELD: set[int] = set()  # descriptors of the build locks this process holds


def _drop_in_child() -> None:
    """In a forked child: point its copies of held lock descriptors at /dev/null (closing them would
    free the numbers for reuse; unlocking would free the parent's lock)."""
    if not _HELD:
        return
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in _HELD:
        os.dup2(null, descriptor, inheritable=False)
    os.close(null)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_in_child)


class BuildBusy(Exception):
    """Another build of the same output was still running when the wait ran out."""


def lock_path(output: Path) -> Path:
    """The lock file of an output folder: beside it, never inside the site."""
    return output.with_name(f".atlas-build-{output.name}.lock")


def wait_seconds() -> float:
    """How long a build waits for another one: ATLAS_BUILD_WAIT seconds if it is a number, else
    WAIT_SECONDS."""
    try:
        return max(0.0, float(os.environ.get("ATLAS_BUILD_WAIT") or WAIT_SECONDS))
    except ValueError:
        return WAIT_SECONDS


def _take(handle) -> bool:
    assert fcntl is not None, "only POSIX builds take the lock"
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def build_lock(
    output: Path, wait: float | None = None, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the build lock of `output` for the body; wait up to `wait` seconds for another build
    (telling `say`, by default standard error), then raise BuildBusy."""
    output = Path(output).resolve()
    if fcntl is None:
        yield
        return
    wait = wait_seconds() if wait is None else wait
    say = say or (lambda message: print(message, file=sys.stderr, flush=True))
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(output), "a") as handle:  # appending: never truncates another holder's file
        if not _take(handle):
            say(f"another build of {output} is running; waiting up to {wait:g} s for it to finish...")
            deadline = time.monotonic() + wait
            while not _take(handle):
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"another build of {output} is still running after {wait:g} s; nothing was "
                        "changed. Build again when it has finished (ATLAS_BUILD_WAIT sets the wait)."
                    )
                time.sleep(POLL_SECONDS)
        _HELD.add(handle.fileno())
        try:
            yield
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def one_build_at_a_time(build: Callable) -> Callable:
    """Decorate `build(assessments, output, ...)` to hold the output's build lock while it runs; when
    the wait runs out, print why to standard error and exit with status 1 (no traceback)."""

    @functools.wraps(build)
    def locked(assessments, output, *args, **kwargs):
        try:
            with build_lock(Path(output)):
                return build(assessments, output, *args, **kwargs)
        except BuildBusy as busy:
            print(busy, file=sys.stderr, flush=True)
            raise SystemExit(1) from None

    return locked
