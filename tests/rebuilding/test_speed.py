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
from rebuilds import change_first_level, cold_files, files, inodes
from yamledits import append_session, free_day, read_info, write_info

import atlas.build.record
import atlas.ingest.loading
import atlas.site.charts
import atlas.site.pages as pages_module
from atlas.analysis.state import Atlas
from atlas.build.inputs import IncompleteInputs, Ratings
from atlas.build.runner import build_site
from atlas.site.pages import Page


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


def test_a_later_build_compiles_no_template(build, data, tmp_path, monkeypatch):
    """Every generator's templates, Pelican's own included, are kept compiled beside the charts: a second
    build (in the same process, after an edit) loads them all instead of compiling any again."""
    from jinja2 import Environment

    cache, compiled = tmp_path / "cache", []
    build(data, tmp_path / "out", cache)
    change_first_level(next(data.glob("*.yaml")))
    original = Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    build(data, tmp_path / "out", cache)
    assert compiled == []
    build.forget()  # a new process: the same, from the files in the cache
    build(data, tmp_path / "out", cache)
    assert compiled == []


def test_the_bench_sets_earlier_outputs_aside_instead_of_deleting_them_between_builds(tmp_path):
    """Deleting thousands of files right before a timed build times the file system (see Bench.discard)."""
    from atlas.tools.bench import Bench

    bench = Bench(tmp_path, 2)
    for round_ in range(2):
        site = tmp_path / "site"
        (site / "communities").mkdir(parents=True)
        (site / "communities" / "index.html").write_text(f"round {round_}")
        record = tmp_path / ".atlas-build-site.json"
        record.write_text("{}")
        bench.discard(site, record, tmp_path / "site-cache")  # the cache was never made: nothing to move
        assert not site.exists() and not record.exists()
    aside = sorted(
        path.relative_to(tmp_path / "set-aside").as_posix() for path in (tmp_path / "set-aside").rglob("*")
    )
    assert aside == [
        "1-site", "1-site/communities", "1-site/communities/index.html", "2-.atlas-build-site.json",
        "3-site", "3-site/communities", "3-site/communities/index.html", "4-.atlas-build-site.json",
    ]  # fmt: skip
    assert (tmp_path / "set-aside" / "3-site" / "communities" / "index.html").read_text() == "round 1"
