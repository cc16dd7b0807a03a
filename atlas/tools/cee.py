"""Convert the CCM/CEE Survey 2018 results (averages of 1–5 answers) into assessment files.

Rule: the 1–5 scale is cut into four equal bands, one per level:
average < 2.0 → none; 2.0–2.99 → low; 3.0–3.99 → medium; 4.0 and above → high.
Robustness was not asked, so none is recorded; the exact average stays in each rating's note.
"""

from __future__ import annotations

import csv
from pathlib import Path

from atlas.model.vocab import slug_for

SURVEY_DATE = "2018-09-01"  # the day the survey closed
QUESTION_CAPACITIES = {
    "conflicts": ("conflict-resolution",),
    "abuse": ("abuse-and-harassment",),
    "modern_tools": ("tools",),
    "help_tutorials": ("help-resources",),
    "recognition": ("recognition",),
    "copyright_otrs": ("otrs-handling",),
    "wikidata": ("wikidata",),
    "bots_lua": ("bots", "lua"),  # one question covered both
    "npov": ("npov",),
    "gadgets_abusefilter": ("gadgets-abusefilter",),
}
BANDS = ((2.0, "none"), (3.0, "low"), (4.0, "medium"))


def level_from_average(average: float) -> str:
    """The level for a survey average on the 1–5 scale (four equal bands)."""
    if not 1.0 <= average <= 5.0:
        raise ValueError(f"survey average {average} is outside 1–5")
    for upper, level in BANDS:
        if average < upper:
            return level
    return "high"


def assessment_yaml(row: dict[str, str]) -> str:
    """The assessment file for one survey row, as YAML text."""
    code, language, respondents = row["wiki"], row["language"], int(row["respondents"])
    lines = [
        f"# Converted from the CCM/CEE Survey 2018 by `atlas import-cee` ({Path(__file__).name}).",
        f"name: {language} Wikipedia",
        "kind: wiki-community",
        "regions: [ceeca]",
        f"languages: [{code}]",
        f"url: https://{code}.wikipedia.org",
        "snapshots:",
        f"  - date: {SURVEY_DATE}",
        "    assessed_by: CCM/CEE Survey 2018 (online survey of individual editors, August 2018)",
        "    consultation: survey",
        f"    respondents: {respondents}",
        "    ratings:",
    ]
    for question, capacities in QUESTION_CAPACITIES.items():
        average = float(row[question])
        for capacity in capacities:
            note = f"Survey average {average:.2f} on a 1–5 scale"
            if len(capacities) > 1:
                note += " (one question covered bots and Lua together)"
            lines.append(f"      {capacity}:")
            lines.append(f"        level: {level_from_average(average)}")
            lines.append(f"        note: {note}.")
    return "\n".join(lines) + "\n"


def convert(csv_path: Path | str) -> dict[str, str]:
    """File name → YAML text for every community in the survey file."""
    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {f"{slug_for(row['language'] + ' Wikipedia')}.yaml": assessment_yaml(row) for row in rows}
