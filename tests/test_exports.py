"""The exports' details: defused formulas, empty cells, every capacity in the summary."""

from __future__ import annotations

import csv
import io

from constants import AS_OF, VALID

from atlas.analysis.state import Atlas
from atlas.ingest.loading import load_assessments
from atlas.site.exports import assessments_csv, defuse, summary


def test_defuse_prefixes_formula_starts():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert defuse(text) == "'" + text
    assert defuse("plain = text") == "plain = text"


def test_csv_cells(folder, catalog):
    text = VALID.replace("robustness: low}", "robustness: low, note: '=HYPERLINK(\"x\")'}").replace(
        "name: Example Wiki User Group", "name: '@Group'"
    )
    loaded = load_assessments(folder({"example-group.yaml": text}), catalog, AS_OF)
    atlas = Atlas(catalog, loaded.entities, AS_OF)
    (row,) = csv.DictReader(io.StringIO(assessments_csv(atlas).decode("utf-8")))
    assert row["entity_name"] == "'@Group"
    assert row["note"] == '\'=HYPERLINK("x")'
    assert row["source"] == "" and row["respondents"] == "" and row["status"] == "reviewed"
    assert row["category"] == "communications"


def test_summary_lists_every_capacity_with_zeros(folder, catalog):
    loaded = load_assessments(folder({"example-group.yaml": VALID}), catalog, AS_OF)
    result = summary(Atlas(catalog, loaded.entities, AS_OF))
    assert list(result["capacities"]) == list(catalog.capacities)
    assert result["capacities"]["bots"] == {
        "assessed": 0,
        "levels": {"none": 0, "low": 0, "medium": 0, "high": 0},
        "stale": 0,
        "fragile": 0,
        "by_region": {},
    }
    assert result["capacities"]["social-media"]["fragile"] == 1
    assert result["capacities"]["social-media"]["by_region"] == {
        "nwe": {"none": 0, "low": 0, "medium": 1, "high": 0}
    }
