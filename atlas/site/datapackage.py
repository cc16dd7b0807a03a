"""The Frictionless Data Package (v2) of the atlas: companion tables and the descriptor of every CSV.

`data/datapackage.json` describes, with a Table Schema each: the contract's `assessments.csv`; the
companion tables its ids join to (categories, capacities, regions, communities, community_regions);
and the data of every chart (data/charts/<name>.csv, byte-identical to charts/<name>.csv beside the
chart: a package may only point at files in its own folder or below).

A group can belong to several regions, so `assessments.csv` joins them with `;` in one cell, which no
foreign key can follow. The link table `community_regions` has one row per group and region instead:
a rating reaches its group through `entity` → communities.id, and that group's regions through the rows
of community_regions whose `community` refers to the same group.

Every table carries ids, never words of one language's site, so every site publishes the same files.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from atlas.analysis.state import Atlas
from atlas.model import vocab
from atlas.site.chartdata import DATA_LICENCE, TABLES, ChartTable
from atlas.site.exports import defuse

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
LIST_DELIMITER = ";"
ID: dict[str, Any] = {
    "type": "string",
    "constraints": {"required": True, "unique": True, "pattern": vocab.SLUG_PATTERN},
}
COMPANIONS = ("categories", "capacities", "regions", "communities", "community_regions")


def _csv(rows) -> bytes:
    """Rows as CSV in UTF-8 with \\r\\n line ends, as assessments.csv is written."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _joined(values) -> str:
    return LIST_DELIMITER.join(values)


def companion_tables(atlas: Atlas) -> dict[str, bytes]:
    """The tables the package's foreign keys point at, by resource name (each is data/<name>.csv)."""
    catalog = atlas.catalog
    communities = [
        ("id", "name", "kind", "countries", "languages", "url", "emerging", "population", "related")
    ]
    for entity in atlas.entities:
        communities.append(
            (
                entity.slug,
                defuse(entity.name),
                entity.kind,
                _joined(entity.countries),
                _joined(entity.languages),
                "" if entity.url is None else str(entity.url),
                "true" if entity.emerging else "false",
                "" if entity.population is None else str(entity.population),
                _joined(entity.related),
            )
        )
    return {
        "categories": _csv([("id", "name"), *((cat.id, cat.name) for cat in catalog.categories)]),
        "capacities": _csv(
            [
                ("id", "name", "category"),
                *((cap.id, cap.name, cap.category) for cap in catalog.capacities.values()),
            ]
        ),
        "regions": _csv([("id", "name"), *((region.id, region.name) for region in catalog.regions.values())]),
        "communities": _csv(communities),
        "community_regions": _csv(
            [
                ("community", "region"),
                *((entity.slug, region) for entity in atlas.entities for region in entity.regions),
            ]
        ),
    }


def _field(name: str, type: str, description: str, **more) -> dict:  # noqa: A002 - as the spec names it
    return {"name": name, "type": type, "description": description, **more}


def _required(**constraints) -> dict:
    return {"constraints": {"required": True, **constraints}}


def _enum(values, required=True) -> dict:
    return {"constraints": {"required": required, "enum": list(values)}}


def _ordered(values, required=True) -> dict:
    """An ordered categorical field (Table Schema v2 `categories`), its values checked by an enum too."""
    return {"categories": list(values), "categoriesOrdered": True, **_enum(values, required)}


def _list(description: str) -> dict:
    return {"type": "list", "delimiter": LIST_DELIMITER, "itemType": "string", "description": description}


def _key(field: str, resource: str, target: str = "id") -> dict:
    return {"fields": [field], "reference": {"resource": resource, "fields": [target]}}


def _resource(name: str, path: str, title: str, fields: list[dict], primary, foreign=(), **more) -> dict:
    schema = {"$schema": TABLE_PROFILE, "fields": fields, "primaryKey": list(primary)}
    if foreign:
        schema["foreignKeys"] = list(foreign)
    return {
        "name": name,
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        **more,
        "schema": schema,
    }


def _companion_resources() -> list[dict]:
    text = {"type": "string"}
    return [
        _resource(
            "categories",
            "categories.csv",
            "Categories of capacities",
            [
                _field("id", **ID, description="category id"),
                _field("name", **text, description="English name"),
            ],
            ["id"],
        ),
        _resource(
            "capacities",
            "capacities.csv",
            "Capacities of the catalog, in catalog order",
            [
                _field("id", **ID, description="capacity id"),
                _field("name", **text, description="English name"),
                _field("category", "string", "id of its category", **_required()),
            ],
            ["id"],
            [_key("category", "categories")],
        ),
        _resource(
            "regions",
            "regions.csv",
            "Regions (the Wikimedia funding regions, and global)",
            [_field("id", **ID, description="region id"), _field("name", **text, description="English name")],
            ["id"],
        ),
        _resource(
            "communities",
            "communities.csv",
            "Assessed groups, one row each, as their files describe them",
            [
                _field("id", **ID, description="the group's slug: its file name and page address"),
                _field("name", "string", "display name, any script", **_required()),
                _field("kind", "string", "kind of group", **_enum(vocab.KINDS)),
                _field(**_list("ISO 3166-1 alpha-2 country codes"), name="countries"),
                _field(**_list("Wikimedia language codes"), name="languages"),
                _field("url", "string", "the group's website", format="uri"),
                _field(
                    "emerging", "boolean", "an emerging community in the Foundation's sense", **_required()
                ),
                _field("population", "integer", "people served", constraints={"minimum": 1}),
                _field(**_list("ids of related groups (communities.id)"), name="related"),
            ],
            ["id"],
        ),
        _resource(
            "community_regions",
            "community_regions.csv",
            "Which regions each group belongs to: one row per group and region",
            [
                _field("community", "string", "the group's id", **_required()),
                _field("region", "string", "a region id", **_required()),
            ],
            ["community", "region"],
            [_key("community", "communities"), _key("region", "regions")],
        ),
    ]


def _assessments_resource() -> dict:
    text = {"type": "string"}
    fields = [
        _field("entity", "string", "the group's id", **_required()),
        _field("entity_name", "string", "the group's display name", **_required()),
        _field("kind", "string", "kind of group", **_enum(vocab.KINDS)),
        _field(
            **_list("the group's region ids; community_regions holds the same as rows"),
            name="regions",
            constraints={"required": True},
        ),
        _field("date", "date", "the snapshot's date", **_required()),
        _field("consultation", "string", "how the snapshot was made", **_enum(vocab.CONSULTATIONS)),
        _field("status", "string", "provisional or reviewed", **_enum(vocab.STATUSES)),
        _field("capacity", "string", "capacity id", **_required()),
        _field("category", "string", "id of the capacity's category", **_required()),
        _field("level", "string", "level: none < low < medium < high", **_ordered(vocab.LEVELS)),
        _field(
            "robustness",
            "string",
            "low < medium < high; empty when not given",
            **_ordered(vocab.ROBUSTNESS, False),
        ),
        _field("note", **text, description="the group's note, Markdown; a leading = + - @ gets a '"),
        _field("support_wanted", "boolean", "the group would welcome help", **_required()),
        _field("idea", **text, description="a capacity-building idea"),
        _field("assessed_by", "string", "who took part", **_required()),
        _field("respondents", "integer", "number of respondents", constraints={"minimum": 1}),
        _field("source", **text, description="where the snapshot was first recorded"),
    ]
    foreign = [_key("entity", "communities"), _key("capacity", "capacities"), _key("category", "categories")]
    return _resource(
        "assessments",
        "assessments.csv",
        "Every rating of every snapshot",
        fields,
        ["entity", "date", "capacity"],
        foreign,
    )


def chart_path(name: str) -> str:
    """A chart's data inside the package's folder (data/)."""
    return f"charts/{name}.csv"


def _chart_resource(table: ChartTable, title: str) -> dict:
    key = table.row_kind
    counts = [
        _field(level, "integer", f"groups at level {level}", **_required(minimum=0)) for level in vocab.LEVELS
    ]
    return _resource(
        f"chart-{table.name}",
        chart_path(table.name),
        title,
        [_field(key, "string", f"{key} id", **_required()), *counts],
        [key],
        [_key(key, TABLES[key].removesuffix(".csv"))],
        description=f"The numbers drawn in charts/{table.name}.svg; see charts/{table.name}.meta.json",
    )


def descriptor(atlas: Atlas, charts: dict[str, tuple[ChartTable, str]], site_url: str = "") -> dict:
    """The package: every published CSV with its Table Schema (`charts`: name -> (table, title))."""
    package = {
        "$schema": PACKAGE_PROFILE,
        "name": "capacity-atlas",
        "title": "Capacity Atlas: capacity self-assessments of Wikimedia communities",
        "description": (
            "Self-assessed capacities of Wikimedia communities, user groups, chapters and thematic "
            f"organisations, rated none, low, medium or high, with robustness; as of {atlas.as_of}."
        ),
        "licenses": [DATA_LICENCE],
        "keywords": ["Wikimedia", "capacity building", "self-assessment", "Community Capacity Map"],
        "contributors": [
            {"title": "The assessed groups, in their own assessment files", "roles": ["creator"]}
        ],
    }
    if site_url:
        package["homepage"] = f"{site_url}/data/"
    resources = [_assessments_resource(), *_companion_resources()]
    resources += [_chart_resource(table, title) for table, title in charts.values()]
    package["resources"] = resources
    return package


def descriptor_json(atlas: Atlas, charts: dict[str, tuple[ChartTable, str]], site_url: str = "") -> str:
    return json.dumps(descriptor(atlas, charts, site_url), indent=2, ensure_ascii=False) + "\n"
