"""Synthetic data is valid and varied; charts are deterministic and cached."""

from __future__ import annotations

from collections import Counter

from constants import AS_OF

from atlas.analysis import Atlas
from atlas.charts import BarChart, draw, render
from atlas.loading import FICTIONAL_MARKER, load_assessments
from atlas.synth import synthesize
from atlas.vocab import KINDS


def test_synthetic_files_are_valid_and_cover_the_variety(tmp_path, catalog):
    synthesize(catalog, 60, seed=7, out=tmp_path, as_of=AS_OF)
    loaded = load_assessments(tmp_path, catalog, AS_OF)
    assert loaded.problems == ()
    assert (tmp_path / FICTIONAL_MARKER).exists()
    entities = loaded.entities
    assert len(entities) == 60
    assert {r for e in entities for r in e.regions} == set(catalog.regions)
    assert {e.kind for e in entities} == set(KINDS)
    assert set(Counter(len(e.snapshots) for e in entities)) == {1, 2, 3, 4}
    assert all(e.name.startswith("Fictional ") for e in entities)
    atlas = Atlas(catalog, entities, AS_OF)
    stale = [r for ratings in atlas.current.values() for r in ratings.values() if r.stale]
    assert 0 < len(stale) < atlas.rating_count
    assert any(len(ratings) < len(catalog.capacities) for ratings in atlas.current.values())
    assert any(s.ratings[c].note for e in entities for s in e.snapshots for c in s.ratings)


def test_same_seed_same_files(tmp_path, catalog):
    synthesize(catalog, 5, seed=1, out=tmp_path / "a", as_of=AS_OF)
    synthesize(catalog, 5, seed=1, out=tmp_path / "b", as_of=AS_OF)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


CHART = BarChart("Bots: current levels by region", (("Region A", (1, 2, 3, 0)), ("Region B", (0, 0, 1, 4))))


def test_chart_is_deterministic_svg_with_its_title():
    svg = draw(CHART)
    assert svg == draw(CHART)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Bots: current levels by region" in svg
    assert "Region A" in svg


def test_render_reads_cached_charts_instead_of_drawing(tmp_path):
    first = render({"bots": CHART}, tmp_path)
    (cached,) = tmp_path.glob("*.svg")
    cached.write_text(first["bots"] + "<!-- from cache -->", encoding="utf-8")
    assert render({"bots": CHART}, tmp_path)["bots"].endswith("<!-- from cache -->")
