"""The downloadable exports of the data contract: assessments.csv and summary.json."""

from __future__ import annotations

import csv
import io
import json

from atlas.analysis.state import Atlas, Tally

CSV_COLUMNS = (
    "entity",
    "entity_name",
    "kind",
    "regions",
    "date",
    "consultation",
    "status",
    "capacity",
    "category",
    "level",
    "robustness",
    "note",
    "support_wanted",
    "idea",
    "assessed_by",
    "respondents",
    "source",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Keep spreadsheets from reading contributed text as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _entity_csv(entity, catalog_order: tuple[tuple[str, str], ...]) -> bytes:
    """An entity's rows of assessments.csv: one per rating per snapshot, oldest snapshot first.
    `catalog_order`: every capacity id with its category, in catalog order."""
    capacities = {cap_id: (i, category) for i, (cap_id, category) in enumerate(catalog_order)}
    out = io.StringIO()
    writer = csv.writer(out)
    name, regions = defuse(entity.name), ";".join(entity.regions)
    for snapshot in entity.snapshots:
        session = (snapshot.date.isoformat(), snapshot.consultation, snapshot.status)
        by = (
            defuse(snapshot.assessed_by),
            _csv_value(snapshot.respondents),
            defuse(_csv_value(snapshot.source)),
        )
        for capacity in sorted(snapshot.ratings, key=lambda cap: capacities[cap][0]):
            rating = snapshot.ratings[capacity]
            writer.writerow(
                (
                    entity.slug,
                    name,
                    entity.kind,
                    regions,
                    *session,
                    capacity,
                    capacities[capacity][1],
                    rating.level,
                    _csv_value(rating.robustness),
                    defuse(_csv_value(rating.note)),
                    _csv_value(rating.support_wanted),
                    defuse(_csv_value(rating.idea)),
                    *by,
                )
            )
    return out.getvalue().encode("utf-8")


def assessments_csv(atlas: Atlas) -> bytes:
    """The full history as CSV in UTF-8 (\\r\\n line ends as RFC 4180 says), columns as in CSV_COLUMNS.
    Each entity's rows are kept with the entity (see Entity.derive), already encoded."""
    capacities = tuple((cap_id, cap.category) for cap_id, cap in atlas.catalog.capacities.items())
    rows = [entity.derive(_entity_csv, capacities) for entity in atlas.entities]
    return b"".join([",".join(CSV_COLUMNS).encode() + b"\r\n", *rows])


def _tally_json(tally: Tally) -> dict:
    return dict(tally.levels)


def summary(atlas: Atlas) -> dict:
    """Current-state aggregates, every catalog capacity present."""
    capacities = {}
    for cap, tally in atlas.capacity_tallies.items():
        capacities[cap] = {
            "assessed": tally.assessed,
            "levels": _tally_json(tally),
            "stale": tally.stale,
            "fragile": tally.fragile,
            "by_region": {
                region: _tally_json(regional) for region, regional in atlas.capacity_by_region(cap).items()
            },
        }
    return {
        "as_of": atlas.as_of.isoformat(),
        "entities": len(atlas.entities),
        "ratings": atlas.rating_count,
        "snapshots": atlas.snapshot_count,
        "regions": {region: len(members) for region, members in atlas.members.items()},
        "capacities": capacities,
    }


def summary_json(atlas: Atlas) -> str:
    return json.dumps(summary(atlas), indent=2, ensure_ascii=False) + "\n"
