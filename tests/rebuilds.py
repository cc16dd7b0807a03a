"""Rebuilds of a small site as `atlas serve` makes them, and what the speed and update tests compare."""

from __future__ import annotations

from pathlib import Path

from constants import AS_OF, ROOT
from yamledits import read_info, write_info

from atlas.build.memory import BuildMemory
from atlas.build.runner import build_site
from atlas.tools.synth import synthesize


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def inodes(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}


def rebuilds(monkeypatch):
    """Build with a given chart cache, in a pool of two forked workers as on a 2-core machine; the builds
    of one test share their memory of validated files, as `atlas serve`'s do (`run.forget()` starts
    afresh, as a new process would)."""
    monkeypatch.chdir(ROOT)
    memory = [BuildMemory()]

    def run(data: Path, output: Path, cache: Path, workers: int = 2, check: bool = True) -> Path:
        """`check`: render reused pages too and stop if one differs (see atlas.build.inputs.Inputs)."""
        settings = {"ATLAS_CHART_CACHE": str(cache), "ATLAS_WORKERS": workers, "ATLAS_CHECK_INPUTS": check}
        build_site(data, output, AS_OF.isoformat(), ROOT / "pelicanconf.py", memory=memory[0], **settings)
        return output

    def forget() -> None:
        memory[0] = BuildMemory()

    run.forget = forget
    run.memory = lambda: memory[0]
    return run


def fifteen_groups(folder: Path, catalog) -> Path:
    """Fifteen fictional groups, some related to others."""
    synthesize(catalog, 15, seed=5, out=folder, as_of=AS_OF)
    return folder


def cold_files(build, data: Path, tmp_path: Path) -> dict[str, bytes]:
    """The files of a cold build of `data`, as a fresh process with empty caches makes it."""
    build.forget()
    return files(build(data, tmp_path / "cold", tmp_path / "cold-cache"))


def change_first_level(path: Path) -> str:
    """Change the level of the first rating in the file's newest snapshot; return its capacity."""
    info = read_info(path)
    latest = info["snapshots"][-1]["ratings"]
    capacity = next(iter(latest))
    latest[capacity]["level"] = "medium" if latest[capacity]["level"] == "high" else "high"
    write_info(path, info)
    return capacity
