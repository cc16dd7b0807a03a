"""What the "Assess your group" page gives its script, as JSON: the rules of the file format, and each
group's current state (in one shared file). Words are not here: the page's template passes its
translated messages.

The rules are the published JSON Schema (atlas.ingest.jsonschema, made from the models `atlas validate`
checks with), stripped of what only editors read, plus the few rules a schema cannot hold (a real
date, not in the future, one snapshot per date, `related` naming another group, the file's slug).
"""

from __future__ import annotations

import json
from pathlib import Path

from atlas.analysis.state import Atlas, current_ratings
from atlas.ingest.appending import append_point
from atlas.ingest.bounds import MOVEMENT_START
from atlas.ingest.jsonschema import assessment_schema
from atlas.model.catalog import Catalog
from atlas.model.entity import Entity
from atlas.model.vocab import SLUG_LENGTH, SLUG_PATTERN
from atlas.site.opendata import json_for_script

EDITOR_ONLY = {"title", "description", "default", "$comment", "$schema"}
MAX_ADDRESS = 8000  # characters of a forge address with the file in it; longer ones are cut by servers
FORM_SCRIPT_BUDGET = 25_000  # bytes of theme/js/assess-file.js and assess.js, loaded by the form page only
FORM_SCRIPT_GZIP_BUDGET = 8_000  # the same, as sent compressed


def _stripped(value: object) -> object:
    if isinstance(value, dict):
        return {key: _stripped(item) for key, item in value.items() if key not in EDITOR_ONLY}
    if isinstance(value, list):
        return [_stripped(item) for item in value]
    return value


def form_rules(catalog: Catalog) -> dict:
    """The schema's rules without its descriptions, and the rules beyond it, for the form's checks."""
    schema = _stripped(assessment_schema(catalog))
    assert isinstance(schema, dict)
    # Every capacity is named once, by propertyNames; the named properties only carry editors' help.
    del schema["$defs"]["Snapshot"]["properties"]["ratings"]["properties"]
    return {
        "schema": schema,
        "slug": {"pattern": SLUG_PATTERN, "min": SLUG_LENGTH[0], "max": SLUG_LENGTH[1]},
        "first_date": MOVEMENT_START.isoformat(),
        "max_address": MAX_ADDRESS,
    }


def _utf16(text: str) -> int:
    """The length of `text` as a browser counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def group_state(entity: Entity, as_of) -> dict:
    """What the form needs to update a group: its name, snapshot dates, current ratings, and where in
    its published file (as a browser reads it) the new snapshot goes."""
    raw = Path(entity.path).read_bytes()
    text = raw.decode("utf-8-sig")
    point = append_point(text)
    ratings = {
        cap_id: [found.rating.level, found.rating.robustness or "", int(found.rating.support_wanted)]
        for cap_id, found in current_ratings(entity, as_of).items()
    }
    return {
        "name": entity.name,
        "dates": sorted(snapshot.date.isoformat() for snapshot in entity.snapshots),
        "ratings": ratings,
        "at": _utf16(text[: point.at]),
        "length": _utf16(text),
        "prefix": point.prefix,
        "bom": raw.startswith(b"\xef\xbb\xbf"),
    }


def _states(atlas: Atlas) -> dict[str, dict]:
    """Every group's state, by slug, in the order of their names."""
    groups = {entity.slug: entity.derive(group_state, atlas.as_of) for entity in atlas.entities}
    return dict(sorted(groups.items(), key=lambda item: (item[1]["name"].casefold(), item[0])))


def groups_json(atlas: Atlas) -> str:
    """Every group's state (assess/groups.json, one file for every language), fetched by the form when
    a group is to be updated: the form page itself stays light however many groups there are."""
    return json.dumps(_states(atlas), ensure_ascii=False, separators=(",", ":")) + "\n"


def form_context(atlas: Atlas) -> dict:
    """The form page's context: its rules, as JSON for a script element, and the groups' names."""
    return {
        "form_rules": json_for_script(form_rules(atlas.catalog), indent=None),
        "form_group_names": sorted(
            ((entity.slug, entity.name) for entity in atlas.entities),
            key=lambda group: (group[1].casefold(), group[0]),
        ),
    }
