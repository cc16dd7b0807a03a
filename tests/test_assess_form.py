"""What the "Assess your group" page gives its script: the published schema's rules, and where a new
snapshot goes in each group's published file (the place `atlas new --snapshot` appends to)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from constants import AS_OF, ROOT

from atlas.ingest.appending import NoSnapshotList, append_point, appended
from atlas.ingest.jsonschema import SCHEMA_PATH
from atlas.ingest.loading import load_assessments
from atlas.site.assessform import EDITOR_ONLY, form_rules, group_state
from atlas.tools.scaffold import SessionDetails, add_snapshot


def _without(value, keys):
    if isinstance(value, dict):
        return {key: _without(item, keys) for key, item in value.items() if key not in keys}
    if isinstance(value, list):
        return [_without(item, keys) for item in value]
    return value


def test_the_rules_are_the_published_schema_without_editors_help(catalog):
    published = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    rules = form_rules(catalog)["schema"]
    expected = _without(published, EDITOR_ONLY)
    ratings = expected["$defs"]["Snapshot"]["properties"]["ratings"]
    assert set(ratings.pop("properties")) == set(ratings["propertyNames"]["enum"]) == set(catalog.capacities)
    assert rules == expected


def _states(folder: Path, catalog):
    loaded = load_assessments(folder, catalog, AS_OF)
    assert not loaded.problems
    return {entity.slug: (entity, group_state(entity, AS_OF)) for entity in loaded.entities}


def test_each_group_state_has_its_current_ratings_and_the_append_point_of_atlas_new(catalog, tmp_path):
    for slug, (entity, state) in _states(ROOT / "assessments", catalog).items():
        text = Path(entity.path).read_text(encoding="utf-8")
        assert state["length"] == len(text.encode("utf-16-le")) // 2
        session = SessionDetails(dt.date(2026, 11, 20), "Board")
        scaffolded = add_snapshot(Path(entity.path), catalog, AS_OF, session)
        head = text[: state["at"]]  # every shipped file is ASCII or BMP text before its end
        assert scaffolded.startswith(head if head.endswith("\n") else head + "\n"), slug
        assert scaffolded.endswith(text[state["at"] :]), slug
        assert state["prefix"] == "  - " and state["dates"] == [s.date.isoformat() for s in entity.snapshots]
        for cap_id, (level, robustness, support) in state["ratings"].items():
            assert level in ("none", "low", "medium", "high") and robustness in ("", "low", "medium", "high")
            assert support in (0, 1) and cap_id in catalog.capacities


AWKWARD = (
    "\ufeffname: Grupo 😀 ejemplo\r\n"
    "kind: user-group\r\n"
    "regions: [lac]\r\n"
    "snapshots:\r\n"
    "    -   date: 2025-06-01\r\n"
    "        assessed_by: Board\r\n"
    "        consultation: group\r\n"
    "        ratings:\r\n"
    "          tools: {level: low}\r\n"
    "# A comment the group keeps at the end.\r\n"
    "related: []\r\n"
)


def test_the_append_point_is_counted_as_a_browser_counts_text(catalog, tmp_path):
    """A byte-order mark, an emoji (two UTF-16 units), CRLF line ends, a deeper indent and a key after
    the snapshots: the state still says where the new snapshot goes, in the browser's units."""
    folder = tmp_path / "assessments"
    folder.mkdir()
    (folder / "awkward.yaml").write_bytes(AWKWARD.encode("utf-8"))
    ((_, state),) = _states(folder, catalog).values()
    browser_text = AWKWARD.removeprefix("\ufeff").encode("utf-16-le")
    head = browser_text[: state["at"] * 2].decode("utf-16-le")
    assert head.endswith("# A comment the group keeps at the end.\r\n"), "before the next key, as atlas new"
    assert state["prefix"] == "    -   " and state["bom"]
    text = AWKWARD.removeprefix("\ufeff")
    block = "    -   date: 2025-07-01\n        assessed_by: Board\n"
    assert appended(text, append_point(text), block) == head + block + text[len(head) :]
    assert yaml.safe_load(head + block + text[len(head) :])["snapshots"][-1]["date"] == dt.date(2025, 7, 1)


def test_a_file_without_a_block_list_of_snapshots_has_no_append_point():
    with pytest.raises(NoSnapshotList):
        append_point("name: x\nsnapshots: [{date: 2025-06-01}]\n")
