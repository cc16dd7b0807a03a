"""Rebuilds that update the site in place: files kept, replaced or deleted, the work staged beside the
site, and a failed or interrupted update that leaves a correct site."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from constants import AS_OF, ROOT
from rebuilds import change_first_level, cold_files, files, inodes
from yamledits import read_info, write_info

import atlas.build.record
import atlas.site.pages as pages_module
from atlas.build.memory import BuildMemory
from atlas.build.runner import build_site
from atlas.site.urls import Urls


def test_a_rebuild_with_nothing_changed_leaves_every_file_as_it_was(build, data, tmp_path):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    identities = inodes(site)
    build(data, site, tmp_path / "cache")
    assert inodes(site) == identities

    page = site / "communities" / "fictional-group-00001" / "index.html"
    original = page.read_bytes()
    page.write_text("tampered", encoding="utf-8")
    build(data, site, tmp_path / "cache")
    assert page.read_bytes() == original


def test_a_build_told_to_run_on_an_up_to_date_site_reuses_every_file_and_remembers_the_files(
    build, data, tmp_path
):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    identities = inodes(site)
    found = [name for name in identities if (site / name).is_file()]
    memory = BuildMemory()  # as `atlas serve` starting in a new process
    settings = {"ATLAS_CHART_CACHE": str(tmp_path / "cache"), "ATLAS_WORKERS": 2}
    build_site(data, site, AS_OF.isoformat(), ROOT / "pelicanconf.py", always=True, memory=memory, **settings)
    assert len(found) > 100  # every file, Pelican's own pages and theme files included:
    now = inodes(site)
    assert {name: now.get(name) for name in found} == {name: identities[name] for name in found}
    assert len(memory.entities) == 15


def test_a_failed_rebuild_keeps_the_site_and_the_next_one_is_still_correct(build, data, tmp_path):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    before = files(site)
    path = data / "fictional-group-00002.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("consultation: ", "consultation: shouting-", 1), encoding="utf-8")
    with pytest.raises(SystemExit):
        build(data, site, tmp_path / "cache")
    assert files(site) == before
    path.write_text(good.replace("assessed_by: ", "assessed_by: Renamed ", 1), encoding="utf-8")
    build(data, site, tmp_path / "cache")
    assert files(site) == cold_files(build, data, tmp_path)


def test_a_removed_group_leaves_neither_its_page_nor_its_folder(build, data, tmp_path):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    assert (site / "communities" / "fictional-group-00012" / "index.html").is_file()
    (data / "fictional-group-00012.yaml").unlink()
    build(data, site, tmp_path / "cache")
    assert not (site / "communities" / "fictional-group-00012").exists()
    assert files(site) == cold_files(build, data, tmp_path)


def test_an_update_of_the_site_cut_short_is_finished_by_the_next_build(build, data, tmp_path, monkeypatch):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    path = data / "fictional-group-00004.yaml"
    info = read_info(path)
    next(iter(info["snapshots"][-1]["ratings"].values()))["level"] = "low"
    write_info(path, info)

    def dies_midway(output, plan):  # one file moved into the site, then the process is gone
        source, first = plan["write"][0]
        os.replace(Path(plan["staging"]) / source, output / first)
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(atlas.build.record, "_apply", dies_midway)
        with pytest.raises(KeyboardInterrupt):
            build(data, site, tmp_path / "cache")
    assert (tmp_path / ".atlas-build-site.update").is_file()  # the plan of the update, kept for the next
    build(data, site, tmp_path / "cache")
    assert files(site) == cold_files(build, data, tmp_path)
    assert list(tmp_path.glob(".atlas-build-site.update*")) == list(tmp_path.glob(".site-building-*")) == []


def test_an_update_keeps_the_files_it_replaced_and_the_next_one_writes_into_them(build, data, tmp_path):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    spares = tmp_path / ".atlas-build-site.spare"
    relative = "communities/fictional-group-00004/index.html"
    page = site / relative
    old_bytes, old_file = page.read_bytes(), page.stat().st_ino
    change_first_level(data / "fictional-group-00004.yaml")
    build(data, site, tmp_path / "cache")
    spare = spares / quote(relative, safe="")
    assert page.read_bytes() != old_bytes
    assert (spare.stat().st_ino, spare.read_bytes(), spare.stat().st_nlink) == (old_file, old_bytes, 1)
    assert all(kept.stat().st_nlink == 1 for kept in spares.iterdir()), "no spare is also in the site"

    change_first_level(data / "fictional-group-00004.yaml")  # back as it was
    build(data, site, tmp_path / "cache")
    assert (page.stat().st_ino, page.read_bytes()) == (old_file, old_bytes), "written into the spare"
    assert files(site) == cold_files(build, data, tmp_path)


def test_a_build_runs_with_the_cycle_collector_paused_and_leaves_it_as_it_found_it(
    build, data, tmp_path, monkeypatch
):
    seen = []
    load = pages_module.site_pages

    def listing(atlas):  # called in the middle of the build, in the build's own process
        seen.append(gc.isenabled())
        return load(atlas)

    build(data, tmp_path / "first", tmp_path / "cache")  # the plugin is loaded
    monkeypatch.setattr(sys.modules["capacity_atlas.generator"], "site_pages", listing)
    assert gc.isenabled()
    build(data, tmp_path / "site", tmp_path / "cache")
    assert seen == [False] and gc.isenabled()

    broken = data / "fictional-group-00002.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        build(data, tmp_path / "site", tmp_path / "cache")
    assert gc.isenabled(), "a failed build gives the collector back too"
    broken.write_text(text, encoding="utf-8")
    gc.disable()
    try:
        build(data, tmp_path / "other", tmp_path / "cache")
        assert not gc.isenabled(), "a caller's paused collector stays paused"
    finally:
        gc.enable()


ENDS = (".svg", ".csv", ".meta.json")  # a chart, its numbers and their description


def test_an_update_stages_its_files_flat_and_only_the_charts_that_changed(
    build, data, tmp_path, monkeypatch, catalog
):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    capacity = change_first_level(data / "fictional-group-00004.yaml")
    staged = []
    apply = atlas.build.record._apply

    def looking(output, plan):  # what the build staged, before it goes into the site
        folder = Path(plan["staging"])
        staged.extend(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
        apply(output, plan)

    monkeypatch.setattr(atlas.build.record, "_apply", looking)
    build(data, site, tmp_path / "cache")

    flat = [name for name in staged if name.startswith(atlas.build.record.STAGED + "/")]
    assert atlas.build.record.staged(f"capacities/{capacity}/index.html") in flat
    assert atlas.build.record.staged(f"fr/capacities/{capacity}/index.html") in flat
    nested = ("capacities/", "communities/", "fr/capacities/", "fr/communities/", "charts/")
    assert not [name for name in staged if name.startswith(nested)], "no folder made for a page"
    charts = {name.removeprefix(".staged/charts%2F") for name in flat if name.startswith(".staged/charts%2F")}
    assert f"capacity-{capacity}.svg" in charts
    others = {f"capacity-{cap}{end}" for cap in catalog.capacities if cap != capacity for end in ENDS}
    assert not charts & others, "an unchanged chart and its data are kept, not staged again"
    assert {f"capacity-{capacity}.svg", f"capacity-{capacity}.csv"} <= charts  # its description is the same
    assert atlas.build.record.staged("data/assessments.csv") in flat
    assert atlas.build.record.staged(Urls.schema) not in flat, "it did not change"
    assert atlas.build.record.staged(Urls.robots) not in flat, "nor did this one"
    assert files(site) == cold_files(build, data, tmp_path)


def test_an_edit_in_a_long_lived_process_reads_no_markdown_page_again(build, data, tmp_path, monkeypatch):
    """`atlas serve` keeps the Markdown pages Pelican has read in a folder of its own process, never in
    the cache folder shared with other runs: an edit of an assessment reads none of them again, the site
    is as a cold build makes it, and the folder goes with the process's memory."""
    from pelican.readers import MarkdownReader

    site, cache = tmp_path / "site", tmp_path / "cache"
    read = MarkdownReader.read
    calls: list[str] = []
    monkeypatch.setattr(MarkdownReader, "read", lambda self, path: calls.append(path) or read(self, path))
    memory = build.memory()
    own = memory.reader_cache("0" * 64).parent  # the process's folder
    build(data, site, cache)
    assert calls, "a first build reads the Markdown pages"
    calls.clear()
    change_first_level(data / "fictional-group-00003.yaml")
    build(data, site, cache)
    assert calls == []
    assert not [path for path in cache.rglob("*") if "pelican" in path.name.lower()]
    (kept,) = own.iterdir()
    assert any(kept.iterdir())
    assert files(site) == cold_files(build, data, tmp_path)  # a new memory, as a new process has
    assert calls, "a new process reads them again"
    assert own.is_dir()
    del memory
    gc.collect()
    assert not own.exists()


def test_a_reader_cache_folder_holds_one_version_of_the_site_at_a_time():
    memory = BuildMemory()
    first = memory.reader_cache("a" * 64)
    first.mkdir()
    second = memory.reader_cache("b" * 64)
    assert second.parent == first.parent and second != first and not first.exists()
