"""One build at a time per output folder: a second build waits and says so, stops with a clear message
when the wait runs out, and builds started at once leave the site a build from scratch would write."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from constants import AS_OF, ROOT

from atlas.build.lock import BuildBusy, build_lock, lock_path, wait_seconds

BUILD = (
    "import sys; from pathlib import Path; from atlas.build.runner import build_site; "
    "from atlas.build.project import SETTINGS; "
    "build_site(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], SETTINGS, "
    "always=sys.argv[4] == 'always', ATLAS_CHART_CACHE=sys.argv[5])"
)


def start_build(assessments: Path, output: Path, charts: Path, always=False, wait="600") -> subprocess.Popen:
    """A build in its own process, as `atlas build` or `atlas serve` would run one."""
    arguments = [str(assessments), str(output), AS_OF.isoformat(), "always" if always else "-", str(charts)]
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, *arguments],
        cwd=ROOT,
        env={**os.environ, "ATLAS_BUILD_WAIT": wait},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=600)
    return process.returncode, stderr


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site by its path inside it, with its bytes."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def test_a_second_holder_waits_with_a_message_then_stops_with_a_clear_one(tmp_path):
    said = []
    with build_lock(tmp_path / "site"):
        started = time.monotonic()
        with pytest.raises(BuildBusy) as busy, build_lock(tmp_path / "site", wait=0.5, say=said.append):
            pytest.fail("the lock was taken twice")
        assert time.monotonic() - started >= 0.5
    output = (tmp_path / "site").resolve()
    assert said == [f"another build of {output} is running; waiting up to 0.5 s for it to finish..."]
    assert str(busy.value).startswith(
        f"another build of {output} is still running after 0.5 s; nothing was changed."
    )
    assert lock_path(output) == tmp_path / ".atlas-build-site.lock"
    with build_lock(tmp_path / "site", wait=0):  # released, whatever way its holder left
        pass


def test_a_waiting_holder_goes_on_when_the_first_lets_go(tmp_path):
    order = []

    def hold():
        with build_lock(tmp_path / "site"):
            order.append("first in")
            time.sleep(0.5)
            order.append("first out")

    first = threading.Thread(target=hold)
    first.start()
    while not order:
        time.sleep(0.01)
    with build_lock(tmp_path / "other", wait=0):  # another output folder has its own lock
        order.append("other in")
    with build_lock(tmp_path / "site", wait=10, say=order.append):
        order.append("second in")
    first.join()
    assert order[:2] == ["first in", "other in"]
    assert order[2].endswith("waiting up to 10 s for it to finish...")
    assert order[3:] == ["first out", "second in"]


def test_a_build_waits_for_the_lock_and_stops_cleanly_when_the_wait_runs_out(tmp_path):
    assessments = ROOT / "assessments"
    with build_lock(tmp_path / "site"):
        code, stderr = finish(start_build(assessments, tmp_path / "site", tmp_path / "charts", wait="1"))
        assert not (tmp_path / "site").exists()
    assert code == 1 and "Traceback" not in stderr
    output = (tmp_path / "site").resolve()
    assert stderr.splitlines() == [
        f"another build of {output} is running; waiting up to 1 s for it to finish...",
        f"another build of {output} is still running after 1 s; nothing was changed. Build again when it "
        "has finished (ATLAS_BUILD_WAIT sets the wait).",
    ]


def test_a_build_started_while_another_holds_the_lock_builds_when_it_is_released(tmp_path):
    assessments, charts = ROOT / "assessments", tmp_path / "charts"
    with build_lock(tmp_path / "site"):
        waiting = start_build(assessments, tmp_path / "site", charts)
        line = waiting.stderr.readline()  # the build says it waits, and writes nothing meanwhile
        assert line.startswith("another build of") and line.rstrip().endswith("for it to finish..."), line
        time.sleep(1)
        assert waiting.poll() is None and not (tmp_path / "site").exists()
    code, stderr = finish(waiting)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    fresh = start_build(assessments, tmp_path / "fresh", charts)
    assert finish(fresh)[0] == 0
    assert site_files(tmp_path / "site") == site_files(tmp_path / "fresh")


def edit(assessments: Path, round_number: int) -> None:
    """Change the inputs between rounds, so each round's first build really updates the site."""
    if round_number == 1:
        path = assessments / "greek-wikipedia.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("name: ", "name: Edited ", 1), encoding="utf-8"
        )
    if round_number == 2:
        (assessments / "esperanto-wikipedia.yaml").unlink()


def test_three_builds_started_at_once_end_cleanly_and_leave_a_site_equal_to_one_from_scratch(tmp_path):
    assessments, charts, site = tmp_path / "assessments", tmp_path / "charts", tmp_path / "site"
    shutil.copytree(ROOT / "assessments", assessments)
    for round_number in range(3):
        edit(assessments, round_number)
        # The third build rebuilds whatever it finds, as `atlas serve` does when it starts.
        builds = [start_build(assessments, site, charts, always=which == 2) for which in range(3)]
        for code, stderr in map(finish, builds):
            assert code == 0, stderr
            assert "Traceback" not in stderr
        fresh = tmp_path / f"fresh-{round_number}"
        code, stderr = finish(start_build(assessments, fresh, charts))
        assert code == 0, stderr
        assert site_files(site) == site_files(fresh), f"round {round_number + 1}"
    assert sorted(path.name for path in tmp_path.iterdir() if "-building-" in path.name) == []


HOLD_AND_FORK = """
import multiprocessing, sys, time
from pathlib import Path
from atlas.build.lock import build_lock

with build_lock(Path(sys.argv[1])):
    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
    worker.start()
    print(worker.pid, flush=True)
    time.sleep(120)
"""


def test_a_killed_builds_forked_workers_do_not_keep_the_lock(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_FORK, str(tmp_path / "site")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    worker = int(holder.stdout.readline())
    try:
        with pytest.raises(BuildBusy), build_lock(tmp_path / "site", wait=0, say=lambda message: None):
            pass  # held while the build lives
        holder.kill()
        holder.wait(timeout=60)
        os.kill(worker, 0)  # the orphaned worker lives on ...
        with build_lock(tmp_path / "site", wait=5, say=lambda message: None):
            pass  # ... and does not hold the lock
    finally:
        holder.kill()
        os.kill(worker, signal.SIGKILL)


@pytest.mark.parametrize(("given", "seconds"), [("2.5", 2.5), ("", 900.0), ("soon", 900.0), ("-3", 0.0)])
def test_the_wait_comes_from_atlas_build_wait_when_it_is_a_number(given, seconds, monkeypatch):
    monkeypatch.setenv("ATLAS_BUILD_WAIT", given)
    assert wait_seconds() == seconds
