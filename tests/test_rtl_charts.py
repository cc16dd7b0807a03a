"""Right-to-left charts: an Arabic chart is the English one mirrored, read from the right, its text left
as typed (logical order, unshaped) for the browser to shape, and measured wide enough to fit."""

from __future__ import annotations

import unicodedata

from test_synth_and_charts import SVG, parse, texts

from atlas.model.vocab import LEVELS
from atlas.site.charts import GUTTER, LABEL_SIZE, BarChart, _width, draw

LABELS = ("وسط وشرق أوروبا وآسيا الوسطى", "الإضافات والبرمجيات النصية للمستخدمين ومرشح الإساءة")
TITLE = "البوتات: المستويات الحالية حسب المنطقة"
KEYS = ("لا شيء", "منخفض", "متوسط", "مرتفع")
ROWS = ((LABELS[0], (1, 2, 3, 0)), (LABELS[1], (0, 0, 1, 4)))


def _chart(direction: str) -> BarChart:
    return BarChart(TITLE, ROWS, axis="عدد الكيانات", keys=KEYS, direction=direction)


def _bar_edges(root) -> list[tuple[float, float]]:
    """The left and right edge of every bar, in points."""
    (bars,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "bars"]
    edges = []
    for path in bars.iter(f"{SVG}path"):
        numbers = [float(n) for n in path.get("d").replace("M", " ").replace("L", " ").split() if n != "z"]
        for box in range(0, len(numbers), 8):
            xs = numbers[box : box + 8 : 2]
            edges.append((min(xs), max(xs)))
    return edges


def test_a_right_to_left_chart_says_so_and_an_english_one_is_unchanged():
    rtl, ltr = parse(draw(_chart("rtl"))), parse(draw(_chart("ltr")))
    assert rtl.get("direction") == "rtl"
    assert ltr.get("direction") is None
    assert _chart("rtl").key("x") != _chart("ltr").key("x")  # cached apart
    english = BarChart("Bots", (("Region A", (1, 2, 3, 0)),))
    assert english.key("x") == BarChart("Bots", (("Region A", (1, 2, 3, 0)),), direction="ltr").key("x")


def test_a_right_to_left_chart_is_the_left_to_right_one_mirrored():
    rtl_svg, ltr_svg = draw(_chart("rtl")), draw(_chart("ltr"))
    rtl, ltr = parse(rtl_svg), parse(ltr_svg)
    width = float(rtl.get("width").removesuffix("pt"))
    mirrored = sorted((round(width - right, 2), round(width - left, 2)) for left, right in _bar_edges(ltr))
    assert sorted((round(a, 2), round(b, 2)) for a, b in _bar_edges(rtl)) == mirrored
    found = texts(rtl)
    bars_right = max(right for _, right in _bar_edges(rtl))
    for label in LABELS:
        (place,) = found[label]
        # anchored at its end, which under direction="rtl" is its left edge: the label lies right of the bars
        assert place["text-anchor"] == "end" and float(place["x"]) >= bars_right
        assert float(place["x"]) + _width(label, LABEL_SIZE) <= width - GUTTER / 2  # and fits
    (title,) = found[TITLE]
    assert title["text-anchor"] == "start" and float(title["x"]) == round(width - GUTTER, 2)
    keys = sorted(KEYS, key=lambda key: -float(found[key][0]["x"]))
    assert keys == list(KEYS)  # the legend reads from the right, in the levels' order
    ticks = {int(text): float(places[0]["x"]) for text, places in found.items() if text.isdigit()}
    assert ticks[0] > max(x for tick, x in ticks.items() if tick)  # zero on the right, growing leftwards


def test_arabic_text_stays_as_typed_for_the_browser_to_shape():
    """No reshaping into presentation forms and no reversal: the SVG holds the characters in logical order,
    and matplotlib measures the shaped text (joined letters are narrower than isolated ones)."""
    svg = draw(_chart("rtl"))
    for text in (*LABELS, TITLE, *KEYS):
        assert text in svg
    assert not [ch for ch in svg if "ARABIC" in unicodedata.name(ch, "") and "FORM" in unicodedata.name(ch)]
    word = LABELS[0].split()[0]
    isolated = sum(_width(letter, LABEL_SIZE) for letter in word)
    assert 0 < _width(word, LABEL_SIZE) < isolated
    assert len(LEVELS) == len(KEYS)
