"""Synthetic data is valid and varied; charts are deterministic and cached."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from constants import AS_OF

from atlas.analysis.state import Atlas
from atlas.ingest.loading import FICTIONAL_MARKER, load_assessments
from atlas.model.vocab import KINDS, LEVELS
from atlas.site.charts import LEVEL_COLOURS, BarChart, draw, render
from atlas.tools.synth import synthesize


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
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> dict[str, list[dict[str, str]]]:
    """Each text of a chart with the attributes and style of every place it is written."""
    found = {}
    for element in root.iter(f"{SVG}text"):
        style = dict(part.split(": ") for part in element.get("style", "").split("; ") if part)
        found.setdefault(element.text, []).append({**element.attrib, **style})
    return found


def test_chart_is_deterministic_svg_with_its_title():
    svg = draw(CHART)
    assert svg == draw(CHART)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Bots: current levels by region"
    assert "Bots: current levels by region" in texts(root)
    assert "Region A" in texts(root)


def test_chart_text_is_real_text_anchored_so_any_font_keeps_it_aligned():
    root = parse(draw(CHART))
    found = texts(root)
    assert not list(root.iter(f"{SVG}use"))  # letters are not drawn as glyph outlines
    (a,), (b,) = found["Region A"], found["Region B"]
    assert a["text-anchor"] == b["text-anchor"] == "end" and a["x"] == b["x"]
    assert float(a["y"]) < float(b["y"])  # first row on top
    counts = [
        (text, place) for text, places in found.items() for place in places if place["font-size"] == "8px"
    ]
    assert sorted(text for text, _ in counts) == ["1", "1", "2", "3", "4"]
    assert {place["text-anchor"] for _, place in counts} == {"middle"}
    style = root.find(f"{SVG}defs/{SVG}style").text
    assert "text{font-family: 'DejaVu Sans', sans-serif}" in style


def test_chart_shows_counts_only_where_they_fit_in_their_bar():
    found = texts(parse(draw(BarChart("Bots", (("Wide", (1, 900, 0, 0)),)))))
    assert "900" in found
    assert "1" not in found  # one of 901 is far narrower than its digit


def test_chart_legend_and_bars_use_the_level_colours():
    root = parse(draw(CHART))
    found = texts(root)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    keys = [path.get("style") for path in groups["legend"].iter(f"{SVG}path")]
    bars = " ".join(path.get("style") for path in groups["bars"].iter(f"{SVG}path"))
    for level, key in zip(LEVELS, keys, strict=True):
        assert level in found
        assert f"fill: {LEVEL_COLOURS[level]}" in key
        assert f"fill: {LEVEL_COLOURS[level]}" in bars


def test_long_row_labels_stay_inside_the_chart_and_markup_inside_labels_stays_text():
    label = "W" * 40 + ' x="1.23456" <b>'
    svg = draw(BarChart("Wide labels", ((label, (1, 1, 1, 1)),)))
    (place,) = texts(parse(svg))[label]
    assert float(place["x"]) >= 40 * 9 * 0.9  # forty capital Ws at 9 pt need at least this much room
    assert float(parse(svg).get("width").removesuffix("pt")) > float(place["x"])


def test_render_reads_cached_charts_instead_of_drawing(tmp_path):
    first = render({"bots": CHART}, tmp_path)
    (cached,) = tmp_path.glob("*.svg")
    cached.write_text(first["bots"] + "<!-- from cache -->", encoding="utf-8")
    assert render({"bots": CHART}, tmp_path)["bots"].endswith("<!-- from cache -->")
