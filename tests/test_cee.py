"""The survey conversion rule and the shipped files it produced."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.tools.cee import convert, level_from_average

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "average,level",
    [
        (1.0, "none"),
        (1.99, "none"),
        (2.0, "low"),
        (2.99, "low"),
        (3.0, "medium"),
        (3.99, "medium"),
        (4.0, "high"),
        (5.0, "high"),
    ],
)
def test_four_equal_bands(average, level):
    assert level_from_average(average) == level


def test_out_of_scale_average_is_refused():
    with pytest.raises(ValueError):
        level_from_average(5.5)


def test_shipped_survey_files_are_exactly_the_conversion_of_the_source():
    converted = convert(ROOT / "sources" / "cee-survey-2018.csv")
    assert len(converted) == 12
    for name, text in converted.items():
        assert (ROOT / "assessments" / name).read_text(encoding="utf-8") == text


def test_conversion_keeps_the_average_and_respondents():
    text = convert(ROOT / "sources" / "cee-survey-2018.csv")["armenian-wikipedia.yaml"]
    assert "respondents: 8" in text
    assert "tools:\n        level: low\n        note: Survey average 2.71" in text
