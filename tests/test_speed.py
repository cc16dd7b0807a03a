"""Fast builds give exactly the site a cold build gives: warm caches, reused pages and one-file edits.

These are correctness tests of the speed machinery; timings belong to `invoke bench`, not here.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from constants import AS_OF, ROOT
from yamledits import append_session, free_day, read_info, write_info

import atlas.build.record
import atlas.ingest.loading
import atlas.site.charts
import atlas.site.pages as pages_module
from atlas.analysis.state import Atlas
from atlas.build.inputs import IncompleteInputs, Ratings
from atlas.build.memory import BuildMemory
from atlas.build.runner import build_site
from atlas.site.pages import Page
from atlas.site.urls import Urls
from atlas.tools.synth import synthesize


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def inodes(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}


@pytest.fixture
def build(monkeypatch):
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


@pytest.fixture
def data(tmp_path, catalog):
    """Fifteen fictional groups, some related to others."""
    folder = tmp_path / "assessments"
    synthesize(catalog, 15, seed=5, out=folder, as_of=AS_OF)
    return folder


def refuse_to_draw(chart):
    raise AssertionError(f"chart drawn although it is in the cache: {chart.title}")


def refuse_to_parse(text):
    raise AssertionError("a file was parsed although the cache keeps it")


def test_build_from_warm_caches_is_byte_identical_to_a_cold_build(build, data, tmp_path, monkeypatch):
    build.forget()
    cold = build(data, tmp_path / "cold", tmp_path / "cache")
    assert list((tmp_path / "cache").glob("*.svg")), "the cold build filled the chart cache"
    monkeypatch.setattr(atlas.site.charts, "draw", refuse_to_draw)  # workers are forked: they see this too
    build.forget()  # as a new process: it reads the parsed files the cold build kept
    monkeypatch.setattr(atlas.ingest.loading, "parse", refuse_to_parse)
    warm = build(data, tmp_path / "warm", tmp_path / "cache")
    assert files(warm) == files(cold)
    assert len(files(cold)) > 80


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


def relate(data: Path, slug: str, to: str) -> None:
    path = data / f"{slug}.yaml"
    info = read_info(path)
    info["related"] = [to]
    write_info(path, info)


def test_one_file_edit_rebuild_equals_a_cold_build_of_the_edited_data(build, data, tmp_path, catalog):
    relate(data, "fictional-group-00007", to="fictional-group-00003")  # its page shows the other's name
    path = data / "fictional-group-00003.yaml"  # and with only low robustness, 3 helps nobody as a peer
    path.write_text(
        re.sub(r"robustness: \w+", "robustness: low", path.read_text(encoding="utf-8")), encoding="utf-8"
    )
    site = build(data, tmp_path / "site", tmp_path / "cache")
    before, identities = files(site), inodes(site)
    info = read_info(path)
    latest = info["snapshots"][-1]["ratings"]
    rated = list(latest)[:4]
    flipped = {
        cap: {"level": "none"} if latest[cap]["level"] == "high" else {"level": "high"} for cap in rated
    }
    info["name"] = "Fictional Renamed Group"
    info["snapshots"].append(
        {
            "date": free_day(info),
            "assessed_by": "The renamed group",
            "consultation": "group",
            "ratings": flipped,
        }
    )
    write_info(path, info)

    build(data, site, tmp_path / "cache")
    after = files(site)
    assert after == cold_files(build, data, tmp_path)

    changed = {name for name in after if after[name] != before.get(name)}
    dependents = {
        "communities/fictional-group-00003/index.html",
        "communities/fictional-group-00007/index.html",
        "index.html",  # its numbers: one more assessment session
        "communities/index.html",
        "data/summary.json",
        "data/assessments.csv",
        *(f"capacities/{cap}/index.html" for cap in rated),
        *(f"regions/{region}/index.html" for region in info["regions"]),
    }
    assert dependents <= changed
    now = inodes(site)
    untouched = [
        name for name in after if after[name] == before.get(name) and identities.get(name) == now[name]
    ]
    assert any(name.startswith("communities/fictional-group-") for name in untouched), "pages were reused"


def test_a_page_kind_that_reads_more_than_it_declares_is_caught(build, data, tmp_path, monkeypatch, catalog):
    """A new kind of page that shows one capacity while declaring another's ratings would be reused stale
    after a rating of the first changes; a checked build stops and names it."""
    path = data / "fictional-group-00004.yaml"
    info = read_info(path)
    latest = info["snapshots"][-1]["ratings"]
    shown = next(iter(latest))
    declared = next(cap for cap in catalog.capacities if cap != shown)
    build(data, tmp_path / "site", tmp_path / "cache")  # loads the plugin as Pelican does
    generator = sys.modules["capacity_atlas.generator"]
    listed = generator.site_pages

    def with_a_leaky_page(atlas):
        make = partial(pages_module._capacity_context, atlas, shown)
        return [
            *listed(atlas),
            Page("leak/index.html", "capacity", make, Ratings(atlas.entities, [declared])),
        ]

    monkeypatch.setattr(generator, "site_pages", with_a_leaky_page)
    site = build(data, tmp_path / "leaky", tmp_path / "cache")
    before = files(site)
    latest[shown]["level"] = "medium" if latest[shown]["level"] == "high" else "high"
    write_info(path, info)
    build(data, site, tmp_path / "cache", check=False)  # unchecked, the page is kept as it was: stale
    after = files(site)
    assert after[f"capacities/{shown}/index.html"] != before[f"capacities/{shown}/index.html"]
    assert after["leak/index.html"] == before["leak/index.html"]
    with pytest.raises(IncompleteInputs) as caught:
        build(data, site, tmp_path / "cache")
    assert caught.value.pages == [f"{prefix}leak/index.html" for prefix in ("", "fr/", "es/", "ar/")]


def test_a_changed_rating_renders_its_capacity_page_again_and_reuses_the_others(
    build, data, tmp_path, catalog
):
    site = build(data, tmp_path / "site", tmp_path / "cache")
    capacity = change_first_level(data / "fictional-group-00004.yaml")
    before = inodes(site)
    after = inodes(build(data, site, tmp_path / "cache"))

    pages = {cap: f"capacities/{cap}/index.html" for cap in catalog.capacities}
    assert after[pages[capacity]] != before[pages[capacity]]
    assert [cap for cap, page in pages.items() if after[page] != before[page]] == [capacity]
    assert after["assess/index.html"] == before["assess/index.html"]  # it names the groups, nothing more
    assert files(site) == cold_files(build, data, tmp_path)


def test_the_chart_cache_forgets_charts_no_build_has_used_for_a_month(build, data, tmp_path):
    cache = tmp_path / "cache"
    build(data, tmp_path / "site", cache)
    month_ago = time.time() - 31 * 86400
    used = sorted(cache.glob("*.svg"))
    os.utime(used[0], (month_ago, month_ago))  # old, but this build uses it again: kept
    other = cache / f"{'1' * 32}.svg"  # another atlas's chart, drawn recently: kept
    other.write_text("<svg/>", encoding="utf-8")
    unused = cache / f"{'0' * 32}.svg"  # nobody's for a month: forgotten
    unused.write_text("<svg/>", encoding="utf-8")
    os.utime(unused, (month_ago, month_ago))
    build(data, tmp_path / "again", cache)

    assert sorted(cache.glob("*.svg")) == sorted([*used, other])
    assert used[0].stat().st_mtime > month_ago + 86400, "a chart a build used is marked as used"


def test_a_group_that_becomes_a_mentor_appears_on_the_pages_of_the_groups_it_can_help(build, data, tmp_path):
    from atlas.analysis.state import open_atlas

    atlas = open_atlas(ROOT / "content" / "catalog", data, AS_OF)
    needy, capacity = next(
        (entity, cap) for entity in atlas.entities for cap, r in atlas.current[entity.slug].items() if r.gap
    )
    helper = next(entity for entity in atlas.entities if entity.slug != needy.slug)
    site = build(data, tmp_path / "site", tmp_path / "cache")
    page = site / "communities" / needy.slug / "index.html"
    assert f'data-peer="{helper.slug}"' not in page.read_text(encoding="utf-8")

    path = data / f"{helper.slug}.yaml"
    info = read_info(path)
    info["regions"] = sorted(set(info["regions"]) | set(needy.regions))
    append_session(info, {capacity: {"level": "high", "robustness": "high"}})
    write_info(path, info)
    build(data, site, tmp_path / "cache")
    assert f'data-peer="{helper.slug}"' in page.read_text(encoding="utf-8")
    assert files(site) == cold_files(build, data, tmp_path)


def test_a_long_lived_process_still_notices_a_related_file_going_away(build, data, tmp_path, capsys):
    relate(data, "fictional-group-00007", to="fictional-group-00003")
    build(data, tmp_path / "site", tmp_path / "cache")  # this process now remembers group 7 as valid
    (data / "fictional-group-00003.yaml").unlink()
    with pytest.raises(SystemExit) as stopped:
        build(data, tmp_path / "site", tmp_path / "cache")
    assert "related entry 'fictional-group-00003' does not exist" in str(stopped.value)


def live_atlases() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Atlas))


def test_a_long_lived_process_keeps_no_atlas_of_its_earlier_builds(build, data, tmp_path):
    others = live_atlases()  # held by other tests' fixtures, if any
    site = build(data, tmp_path / "site", tmp_path / "cache")
    path = data / "fictional-group-00004.yaml"
    for level in ("low", "high"):  # two edits rebuilt in this process, as `atlas serve` does
        info = read_info(path)
        next(iter(info["snapshots"][-1]["ratings"].values()))["level"] = level
        write_info(path, info)
        build(data, site, tmp_path / "cache")
    assert live_atlases() == others


def test_a_build_that_fails_while_writing_leaves_no_atlas_behind(build, data, tmp_path, monkeypatch):
    others = live_atlases()
    build(data, tmp_path / "site", tmp_path / "cache")  # loads the plugin as Pelican does
    plugin = sys.modules["capacity_atlas.generator"].AtlasGenerator
    with monkeypatch.context() as patched:
        patched.setattr(plugin, "_render", lambda *_: 1 / 0)  # fails after every generator has its context
        with pytest.raises(ZeroDivisionError):
            build(data, tmp_path / "other-site", tmp_path / "cache")
    build(data, tmp_path / "third-site", tmp_path / "cache")
    assert live_atlases() == others


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


CHECK_MATPLOTLIB = """
import sys
from pathlib import Path
from atlas.build.project import ROOT
from atlas.build.runner import build_site
build_site(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], ROOT / "pelicanconf.py",
           ATLAS_CHART_CACHE=sys.argv[4], ATLAS_WORKERS=1, ATLAS_SEARCH=False)
print("matplotlib" in sys.modules)
"""


def test_matplotlib_is_imported_only_when_a_chart_must_be_drawn(data, tmp_path):
    def imports_matplotlib(output: str) -> bool:
        command = [sys.executable, "-c", CHECK_MATPLOTLIB, str(data), str(tmp_path / output)]
        result = subprocess.run(
            [*command, AS_OF.isoformat(), str(tmp_path / "cache")], cwd=ROOT, capture_output=True
        )
        assert result.returncode == 0, result.stderr.decode()
        return result.stdout.decode().split()[-1] == "True"

    assert imports_matplotlib("cold")  # empty cache: every chart is drawn
    assert not imports_matplotlib("warm")  # every chart in the cache


def test_a_build_in_a_new_process_records_its_pages_so_the_next_one_reuses_them(data, tmp_path, monkeypatch):
    """`atlas build` passes no memory (it builds once), yet its pages' keys are recorded for the next build,
    whether workers or the process itself rendered them."""
    import json

    monkeypatch.chdir(ROOT)
    for workers in (1, 2):
        site = tmp_path / f"site-{workers}"
        settings = {"ATLAS_CHART_CACHE": str(tmp_path / "cache"), "ATLAS_WORKERS": workers}
        build_site(data, site, AS_OF.isoformat(), ROOT / "pelicanconf.py", **settings)
        record = json.loads(site.with_name(f".atlas-build-{site.name}.json").read_text(encoding="utf-8"))
        pages = record["pages"]
        assert "communities/fictional-group-00001/index.html" in pages
        assert "fr/communities/fictional-group-00001/index.html" in pages
        assert all(key is not None for key in pages.values())


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
    assert files(site) == cold_files(build, data, tmp_path)
