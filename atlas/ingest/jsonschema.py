"""The JSON Schema of assessment files, generated from the pydantic models in atlas.schema.

Editors read it to autocomplete capacity ids, levels and keys and to mark mistakes while typing; the
site publishes it and scaffolded files point at it. It is always generated, never edited by hand:
`atlas schema` writes it to SCHEMA_PATH and a test checks that the file there is current.

A schema sees one document and nothing else, so `atlas validate` alone checks the rules that need
more: `related` slugs that must name other files, dates after the as-of date, two snapshots with one
date, the file name, duplicate keys and YAML aliases. Text is normalised to NFC by the validator only
(a schema checks, it does not change), and its patterns see the Basic Multilingual Plane's invisible
characters only.
"""

from __future__ import annotations

import json

from atlas.ingest.schema import AssessmentFile
from atlas.model.catalog import Catalog
from atlas.model.vocab import KINDS

SCHEMA_PATH = "schema/assessment.schema.json"  # in the repository and on the site
DIALECT = "https://json-schema.org/draft/2020-12/schema"

FILE_HELP = {
    "name": "The group's display name, in any script.",
    "kind": "What sort of group this is: " + ", ".join(KINDS) + ".",
    "regions": "One or more region ids; the site's regions page says what each covers.",
    "countries": "Optional: ISO 3166-1 alpha-2 country codes in capitals, such as SE.",
    "languages": "Optional: Wikimedia language codes in lowercase, such as sv or zh-yue.",
    "url": "Optional: the group's website or wiki page (http or https).",
    "emerging": "Optional: true for an emerging community in the Wikimedia Foundation's sense.",
    "population": "Optional: how many people the group serves (speakers, inhabitants).",
    "related": "Optional: slugs of related entries, such as a wiki community and its chapter.",
    "snapshots": "One entry per assessment session, oldest first. Add a new one; never overwrite.",
}
SNAPSHOT_HELP = {
    "date": "The day the assessment was made, YYYY-MM-DD; not in the future, one snapshot per date.",
    "assessed_by": "Who took part, for example: Board and two active volunteers.",
    "consultation": "group (agreed by several), individual (one person's view) or survey.",
    "respondents": "Optional: how many people answered; meaningful for a survey.",
    "status": "Optional: provisional (for example made quickly at an event) or reviewed (the default).",
    "source": "Optional: where the assessment was first recorded (http or https).",
    "ratings": "Capacity id -> rating. Rate what you discussed; leave out the rest (blank is not none).",
}
RATING_HELP = {
    "level": "none, low, medium or high; each capacity's page describes what each level looks like.",
    "robustness": "low, medium or high: would the capacity survive losing the one or two people who "
    "carry it? Not allowed with level none.",
    "note": "Optional: a short explanation, in Markdown. Public: no personal details.",
    "support_wanted": "Optional: true if the group would welcome help with this capacity.",
    "idea": "Optional: a capacity-building idea, such as a workshop or a partnership.",
}


def _describe(properties: dict, help_texts: dict[str, str]) -> None:
    for name, text in help_texts.items():
        properties[name]["description"] = text


def assessment_schema(catalog: Catalog) -> dict:
    """The JSON Schema (draft 2020-12) of one assessment file, for this catalog."""
    schema = AssessmentFile.model_json_schema()
    rating = schema["$defs"]["Rating"]
    snapshot = schema["$defs"]["Snapshot"]
    # The catalog's ids, which the model checks against the catalog it is given.
    ratings, names = snapshot["properties"]["ratings"], {"enum": list(catalog.capacities)}
    at = list(ratings).index("minProperties") + 1  # where the schema of a Literal key had it
    snapshot["properties"]["ratings"] = dict(
        [*ratings.items()][:at] + [("propertyNames", names)] + [*ratings.items()][at:]
    )
    regions = schema["properties"]["regions"]
    regions["items"] = {"enum": list(catalog.regions), **regions["items"]}
    _describe(schema["properties"], FILE_HELP)
    _describe(snapshot["properties"], SNAPSHOT_HELP)
    _describe(rating["properties"], RATING_HELP)
    # The model's field validator, said in the schema's words: no robustness with level none.
    rating["if"] = {"properties": {"level": {"const": "none"}}, "required": ["level"]}
    rating["then"] = {"properties": {"robustness": {"type": "null"}}}
    for name in ("regions", "countries", "languages", "related"):  # each item listed once
        schema["properties"][name]["uniqueItems"] = True
    # Named properties, besides propertyNames, let editors offer every capacity id with its question.
    snapshot["properties"]["ratings"]["properties"] = {
        cap.id: {"$ref": "#/$defs/Rating", "description": f"{cap.name}: {cap.question}"}
        for cap in catalog.capacities.values()
    }
    return {
        "$schema": DIALECT,
        "$comment": "Generated from atlas/ingest/schema.py by `atlas schema`; do not edit.",
        **schema,
        "title": "Capacity Atlas assessment file",
    }


def assessment_schema_text(catalog: Catalog) -> str:
    """The schema as the JSON text that is published and kept in the repository."""
    return json.dumps(assessment_schema(catalog), indent=2, ensure_ascii=False) + "\n"
