"""Run one build: Pelican into a staging folder beside the site, then update or swap the site.

On any failure the site is untouched; a build killed half way is cleared up by the next one.
Pelican, the plugin and the data model are imported only once the site is known to be out of date, so a
rebuild with nothing changed costs little more than the check.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from atlas.build.lock import one_build_at_a_time
from atlas.build.memory import BuildMemory
from atlas.build.record import BuildRecord, fingerprint, finish_update
from atlas.model.asof import resolve_as_of


class BuildFailed(SystemExit):
    """The build stopped on invalid input; `str()` says why. Exits with status 1 if nobody catches it."""

    def __init__(self, message: str):
        super().__init__(1)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell safely: leave its folder alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _recover(output: Path, retired: Path) -> None:
    """Clear what a killed build left: an update of the site half done, its staging folder, or the old
    site moved aside but not replaced."""
    finish_update(output)
    if retired.is_dir() and not output.exists():
        retired.rename(output)
    prefix = f".{output.name}-building-"
    for stray in output.parent.iterdir():
        pid = stray.name.removeprefix(prefix).split("-")[0]
        if stray.name.startswith(prefix) and not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(stray, ignore_errors=True)


def _stamp(folder: Path, epoch: str | None) -> None:
    """With SOURCE_DATE_EPOCH set, give every file that time too, so archives of the site are reproducible."""
    if not epoch:
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        os.utime(path, (int(epoch), int(epoch)), follow_symlinks=False)
    os.utime(folder, (int(epoch), int(epoch)))


def _forget_pelican_memos() -> None:
    """Pelican memoizes each page's content in a class-wide cache that keeps every page, and with it the
    whole context of its build (the atlas included), as long as the process lives: empty it after a build,
    or `atlas serve` would hold one more atlas with every rebuild."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        getattr(Content.__dict__.get(name), "cache", {}).clear()


def _reader_cache(memory: BuildMemory | None, site: str) -> dict:
    """Settings that let a long-lived process (`memory`) keep the Markdown pages Pelican has read from one
    build to the next: Pelican's own cache, checked by each file's modification time, in a folder of the
    process's own (see BuildMemory.reader_cache). A process that builds once has nothing to keep."""
    if memory is None:
        return {}
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(memory.reader_cache(site))}


@contextmanager
def _collector_paused():
    """Keep Python's cycle collector from running during a build, and let it run again after.

    A build makes millions of short-lived objects that reference counting frees; each time the collector
    runs anyway it scans every object alive, the whole atlas included (a third of a second per full pass
    in a long-lived process, several times per build); `atlas serve` collects while it waits. The
    workers that render pages collect as usual (see capacity_atlas.rendering.adopt).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@one_build_at_a_time  # one build at a time per output folder; a second one waits
@_collector_paused()
def build_site(
    assessments: Path,
    output: Path,
    as_of: str | None,
    settings_file: Path,
    always: bool = False,
    memory: BuildMemory | None = None,
    **settings,
) -> None:
    """Build into a temporary folder beside `output`, then update the output the last build recorded
    with the files that changed, or swap a new output in whole; on failure `output` is untouched.

    An output that is up to date is left alone, unless `always` (a long-lived process builds once anyway,
    to remember the assessments in its `memory` for quick rebuilds) or ATLAS_CHECK_INPUTS is set (it
    renders reused pages too, to catch pages that read more than they declare). Extra keyword arguments
    override Pelican settings (e.g. ATLAS_CHART_CACHE).
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    retired = output.with_name(f".{output.name}-old")
    _recover(output, retired)
    as_of = resolve_as_of(as_of).isoformat()
    record = BuildRecord(output, fingerprint(assessments, settings_file, as_of, settings))
    if not always and not settings.get("ATLAS_CHECK_INPUTS") and record.up_to_date():
        return  # same inputs, untouched output: nothing to do
    from pelican import Pelican
    from pelican.settings import read_settings

    from atlas.ingest.loading import InvalidAssessments

    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-{os.getpid()}-", dir=output.parent))
    try:
        settings = read_settings(
            str(settings_file),
            override={
                "OUTPUT_PATH": str(staging),
                "ATLAS_ASSESSMENTS": str(assessments.resolve()),
                "ATLAS_AS_OF": as_of,
                "ATLAS_INCREMENTAL": record.settings(),
                "ATLAS_MEMORY": memory,  # None: a process that builds once
                **settings,
            },
        )
        settings.update(_reader_cache(memory, record.inputs["site"]))
        try:
            Pelican(settings).run()
        finally:
            _forget_pelican_memos()
        if not record.in_place():
            _stamp(staging, os.environ.get("SOURCE_DATE_EPOCH"))
    except InvalidAssessments as error:
        shutil.rmtree(staging, ignore_errors=True)
        record.abandon()
        raise BuildFailed(f"{error}\nNo site was written.") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        record.abandon()
        raise
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if record.in_place():
        record.update(staging)
        _stamp(output, epoch)
    else:
        shutil.rmtree(retired, ignore_errors=True)
        if output.exists():
            output.rename(retired)
        staging.rename(output)
        shutil.rmtree(retired, ignore_errors=True)
    record.commit(rescan=bool(epoch))
