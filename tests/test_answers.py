"""Answers, trust signals and the home page's questions, on hand-made groups worked out here."""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cached_property

from constants import AS_OF
from handmade import group, make_atlas

from atlas.analysis.answers import SMALL_N, answers_of
from atlas.site import words
from atlas.site.words import age_text

FRESH = (AS_OF - dt.timedelta(days=365)).isoformat()  # exactly a year old: not stale yet
STALE = (AS_OF - dt.timedelta(days=366)).isoformat()
ONE_PERSON = {"consultation": "individual"}
PROVISIONAL = {"status": "provisional"}

FILES = {
    # wikidata: A high/low (fragile), B medium/high (one person), C low (stale), D none (provisional),
    # E medium/high (survey of one), F high/high (firm).  All in nwe, except E and F in ssa.
    "ga.yaml": group("A", ["nwe"], [(FRESH, {"wikidata": "{level: high, robustness: low}"})]),
    "gb.yaml": group("B", ["nwe"], [(FRESH, {"wikidata": "{level: medium, robustness: high}"}, ONE_PERSON)]),
    "gc.yaml": group("C", ["nwe"], [(STALE, {"wikidata": "{level: low}", "bots": "{level: none}"})]),
    "gd.yaml": group("D", ["nwe"], [(FRESH, {"wikidata": "{level: none}"}, PROVISIONAL)]),
    "ge.yaml": group(
        "E",
        ["ssa"],
        [
            (
                FRESH,
                {"wikidata": "{level: medium, robustness: high}"},
                {"consultation": "survey", "respondents": 1},
            )
        ],
    ),
    "gf.yaml": group(
        "F", ["ssa"], [(FRESH, {"wikidata": "{level: high, robustness: high}", "bots": "{level: low}"})]
    ),
}


def test_trust_flags_follow_the_contract(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    flags = {
        r.entity.slug: (r.stale, r.single_person, r.provisional, r.trusted, r.age_days)
        for r in atlas.raters["wikidata"]
    }
    assert flags == {
        "ga": (False, False, False, True, 365),
        "gb": (False, True, False, False, 365),
        "gc": (True, False, False, False, 366),
        "gd": (False, False, True, False, 365),
        "ge": (False, True, False, False, 365),
        "gf": (False, False, False, True, 365),
    }


def capacity_names(catalog) -> dict[str, str]:
    return {cap_id: cap.name for cap_id, cap in catalog.capacities.items()}


def test_capacity_answer_counts_all_ratings_and_firm_ratings_only(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    answer = answers_of(atlas).capacities["wikidata"]
    # medium or high: A, B, E, F = 4 of 6; fragile: A; stale: C
    assert words.capacity_sentence("Active Wikidata expertise", answer.all) == (
        "4 of 6 assessed groups have Active Wikidata expertise at medium or high; "
        "1 of them is fragile (low robustness); 1 rating is stale."
    )
    # single-person: B, E; provisional: D
    assert words.caution_sentence(answer.all) == (
        "Of these 6 ratings, 1 is stale, 2 are one person's view and 1 is provisional."
    )
    # firm: A and F, both at medium or high; A is fragile
    assert (answer.firm.assessed, answer.firm.has, answer.firm.fragile) == (2, 2, 1)
    social_media = answers_of(atlas).capacities["social-media"].all
    assert (
        words.capacity_sentence("Social media", social_media)
        == "No assessed group has rated Social media yet."
    )


def test_region_ranks_gaps_against_the_movement_and_flags_small_n(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    nwe = answers_of(atlas).regions["nwe"]
    # nwe: bots 1 gap of 1 (C); wikidata 2 gaps (C low, D none) of 4.  Bots ranks first (100% > 50%).
    assert [(s.capacity, s.here.gaps, s.n) for s in nwe.gaps] == [("bots", 1, 1), ("wikidata", 2, 4)]
    # movement-wide: bots 2 of 2 (C, F); wikidata 2 of 6
    assert [(s.movement.gaps, s.movement.assessed) for s in nwe.gaps] == [(2, 2), (2, 6)]
    # strengths: wikidata 2 of 4 (A, B), bots 0 of 1
    assert [(s.capacity, s.here.has) for s in nwe.strengths] == [("wikidata", 2), ("bots", 0)]
    assert all(s.small for s in nwe.shares) and SMALL_N > 4
    # firm only in nwe: wikidata A (no gap); bots none (C is stale)
    assert [(s.firm.gaps, s.firm.assessed) for s in nwe.gaps] == [(0, 0), (0, 1)]
    assert (nwe.ratings, nwe.stale, nwe.single_person) == (5, 2, 1)
    names = capacity_names(catalog)
    assert words.region_sentence("Northern & Western Europe", nwe, names) == (
        "The most common gap in Northern & Western Europe is Bots: 1 of the 1 group that rated it is at "
        "none or low (100%, against 100% movement-wide; small n)."
    )


def test_ties_are_all_named_and_a_region_without_gaps_says_so(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    names = capacity_names(catalog)
    # ssa: bots 1 of 1 (F low) and wikidata 0 of 2 → one top gap; lac has no ratings
    assert answers_of(atlas).regions["ssa"].top_gaps[0].capacity == "bots"
    assert words.region_sentence("Latin America & Caribbean", answers_of(atlas).regions["lac"], names) == (
        "No group in Latin America & Caribbean has published an assessment yet."
    )
    tie = make_atlas(
        folder,
        catalog,
        {"tt.yaml": group("T", ["lac"], [(FRESH, {"bots": "{level: low}", "lua": "{level: none}"})])},
    )
    assert words.region_sentence("Latin America & Caribbean", answers_of(tie).regions["lac"], names) == (
        "The most common gaps in Latin America & Caribbean, each rated none or low by 100% of the groups "
        "that rated it: Bots (1 of 1), Lua scripting (1 of 1) (small n)."
    )


def test_coverage_and_currency(folder, catalog):
    atlas = make_atlas(folder, catalog, FILES)
    answers = answers_of(atlas)
    # 8 current ratings: 6 wikidata + C bots + F bots; stale: C's two; group-made: A, C×2, D, F×2 = 6;
    # individual: B; survey: E; provisional: D.
    assert words.currency_sentence(answers.overall, answers.consultations) == (
        "Of the 8 current ratings, 2 are stale (older than a year); 6 were agreed by a group, 1 are one "
        "person's view and 1 come from surveys; 1 are provisional."
    )
    coverage = dict(answers.coverage)
    assert (coverage["wikidata"], coverage["bots"], coverage["lua"]) == (6, 2, 0)
    assert answers.coverage[-1] == ("wikidata", 6)
    assert [e.slug for e in answers.few_ratings][:4] == ["ga", "gb", "gd", "ge"]  # one rating each, by name


def test_age_in_words():
    assert [age_text(d) for d in (0, 1, 60, 61, 729, 730, 3000)] == [
        "today",
        "1 day ago",
        "60 days ago",
        "2 months ago",
        "24 months ago",
        "2 years ago",
        "8 years ago",
    ]


def first_sentence(page) -> str:
    """The text of the first paragraph after the page's h1."""
    markup = page.read_text(encoding="utf-8")
    after = markup[markup.index("</h1>") :]
    paragraph = re.search(r"<p\b[^>]*>(.*?)</p>", after, re.S).group(1)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", paragraph).split()))


def test_each_home_question_links_to_a_page_whose_first_sentence_answers_it(folder, build):
    site = build(folder(FILES))
    home = (site / "index.html").read_text(encoding="utf-8")
    block = home[
        home.index('<dl class="questions"') : home.index("</dl>", home.index('<dl class="questions"'))
    ]
    pairs = re.findall(r"<dd><p>(.*?)</p><p><a href=\"([^\"]+)\" data-answer>", block, re.S)
    assert len(pairs) == 7  # Wikidata, social media, strategy, regions, investment, change, currency + who
    for answer, href in pairs:
        target = (site / href).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert first_sentence(target).startswith(html.unescape(answer)), href
    assert "4 of 6 assessed groups have Active Wikidata expertise" in block


def test_rating_rows_carry_filter_attributes_and_marks(folder, build):
    site = build(folder(FILES))
    page = (site / "capacities" / "wikidata" / "index.html").read_text(encoding="utf-8")
    row_c = page[page.index('<li data-region="nwe" data-kind="user-group" data-level="low"') :].split(
        "</li>"
    )[0]
    assert 'data-stale="true" data-consultation="group" data-status="reviewed"' in row_c
    assert "12 months ago" in row_c and "tag-stale" in row_c
    row_d = page[page.index('data-level="none"') :].split("</li>")[0]
    assert 'data-status="provisional"' in row_d and "tag-provisional" in row_d
    row_e = page[page.index('<li data-region="ssa" data-kind="user-group" data-level="medium"') :].split(
        "</li>"
    )[0]
    assert 'data-consultation="single-person"' in row_e and "survey, n=1" in row_e
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Counting only firm ratings (not stale, not one person's view, not provisional): 2 of 2" in (
        html.unescape(text)
    )


def test_work_out_fills_every_answer_and_every_aggregate_it_rests_on(folder, catalog):
    """What a build works out before forking its workers: every cached answer and atlas aggregate."""
    atlas = make_atlas(folder, catalog, FILES)
    answers = answers_of(atlas)
    assert answers.work_out() is answers
    for owner in (atlas, answers):
        names = [name for name, member in vars(type(owner)).items() if isinstance(member, cached_property)]
        assert len(names) >= 4
        assert [name for name in names if name not in vars(owner)] == []
