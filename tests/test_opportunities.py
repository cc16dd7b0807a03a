"""The opportunity score on hand-made groups whose right score is worked out here."""

from __future__ import annotations

from handmade import group, make_atlas
from sitecheck import text_of

from atlas.analysis.opportunities import opportunities, score

RECENT = "2026-06-01"
FILES = {
    # Needs in nwe for bots: A low (emerging, 1,000,000 people, wants support), B none (9,000,000 people),
    # C high with low robustness (fragile, no population). D medium/high has no need.
    "group-a.yaml": group(
        "Group A",
        ["nwe"],
        [(RECENT, {"bots": "{level: low, robustness: low, support_wanted: true}"})],
        emerging=True,
        population=1000000,
    ),
    "group-b.yaml": group("Group B", ["nwe"], [(RECENT, {"bots": "{level: none}"})], population=9000000),
    "group-c.yaml": group("Group C", ["nwe", "ssa"], [(RECENT, {"bots": "{level: high, robustness: low}"})]),
    "group-d.yaml": group("Group D", ["nwe"], [(RECENT, {"bots": "{level: medium, robustness: high}"})]),
}


def test_score_shows_each_component_and_adds_them_with_their_weights(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    found = {(o.capacity, o.region): o for o in opportunities(atlas)}
    best = found["bots", "nwe"]
    assert sorted(need.entity.slug for need in best.needs) == ["group-a", "group-b", "group-c"]
    # shared 3 → 6 points; emerging 1 (A) → 1; low-hanging 2 (A is low, C is fragile; B at none is not) → 2;
    # support wanted 1 (A) → 1; people 10,000,000 = 100 × 100,000 → log10 100 = 2 → 2.  Total 12.
    assert best.score.counts == {
        "shared": 3,
        "emerging": 1,
        "low_hanging": 2,
        "support_wanted": 1,
        "population": 2,
    }
    assert best.score.points == {
        "shared": 6,
        "emerging": 1,
        "low_hanging": 2,
        "support_wanted": 1,
        "population": 2,
    }
    assert best.score.total == 12
    assert (best.score.people, best.score.population_known) == (10_000_000, 2)
    # C also counts in ssa: shared 1 → 2, low-hanging 1 (fragile) → 1; no population → 0. Total 3.
    assert found["bots", "ssa"].score.total == 3
    # D's medium/high is no need, and no other pair has one
    assert set(found) == {("bots", "nwe"), ("bots", "ssa")}
    assert [(o.capacity, o.region) for o in opportunities(atlas)] == [("bots", "nwe"), ("bots", "ssa")]


def test_cheap_steps_score_higher_than_the_long_way(folder, catalog):
    atlas = make_atlas(
        folder,
        catalog,
        {
            "one.yaml": group("One", ["lac"], [(RECENT, {"lua": "{level: low}", "bots": "{level: none}"})]),
        },
    )
    by_cap = {o.capacity: o.score for o in opportunities(atlas)}
    # low → medium: shared 1 × 2 + low-hanging 1 = 3; none → high: shared 1 × 2 = 2
    assert (by_cap["lua"].total, by_cap["bots"].total) == (3, 2)


def test_population_below_the_base_adds_nothing(folder, catalog):
    few = {
        "few.yaml": group("Few", ["nwe"], [(RECENT, {"bots": "{level: none}"})], population=100000),
        "fewer.yaml": group("Fewer", ["nwe"], [(RECENT, {"bots": "{level: none}"})], population=50000),
    }
    atlas = make_atlas(folder, catalog, {**FILES, **few})
    raters = {r.entity.slug: r for r in atlas.raters["bots"]}
    # 50,000 people is below the base: no point (log10 would give -0.3)
    assert (score([raters["fewer"]]).counts["population"], score([raters["fewer"]]).people) == (0, 50_000)
    # 100,000 people is the base itself: no point, though the people are counted
    assert (score([raters["few"]]).counts["population"], score([raters["few"]]).people) == (0, 100_000)
    # 1,000,000 people → log10(10) = 1 point; with B's 9,000,000 it was 2 (tested above)
    assert score([raters["group-a"]]).counts["population"] == 1
    # a group that did not say how many people it serves adds nothing either
    assert (score([raters["group-c"]]).counts["population"], score([raters["group-c"]]).people) == (0, 0)


def test_page_explains_the_formula_and_shows_every_component(folder, build):
    site = build(folder(FILES))
    page = site / "opportunities" / "index.html"
    text = text_of(page)
    assert "score = 2 × shared + 1 × emerging + 1 × low hanging + 1 × support wanted + 1 × population" in text
    html = page.read_text(encoding="utf-8")
    row = html[html.index('data-capacity="bots" data-region="nwe"') :].split("</tr>")[0]
    assert '<td class="num" data-component="shared">3 → 6' in row
    assert '<td class="num" data-component="low_hanging">2 → 2' in row
    assert '<td class="num" data-component="population">2 → 2' in row
    assert "<strong>12</strong>" in row
    assert "The highest-scoring opportunity is Bots in Northern &amp; Western Europe: score 12" in html
