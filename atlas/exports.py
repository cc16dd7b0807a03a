"""The downloadable exports of the data contract: assessments.csv and summary.json."""

from __future__ import annotations

import csv
import io
import json

from atlas.analysis import Atlas, Tally

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


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def assessment_rows(atlas: Atlas):
    """One row per rating per snapshot, for every entity, oldest snapshot first."""
    categories = {cap.id: cap.category for cap in atlas.catalog.capacities.values()}
    order = list(atlas.catalog.capacities)
    for entity in atlas.entities:
        for snapshot in entity.snapshots:
            for capacity in sorted(snapshot.ratings, key=order.index):
                rating = snapshot.ratings[capacity]
                yield {
                    "entity": entity.slug,
                    "entity_name": defuse(entity.name),
                    "kind": entity.kind,
                    "regions": ";".join(entity.regions),
                    "date": snapshot.date.isoformat(),
                    "consultation": snapshot.consultation,
                    "status": snapshot.status,
                    "capacity": capacity,
                    "category": categories[capacity],
                    "level": rating.level,
                    "robustness": _cell(rating.robustness),
                    "note": defuse(_cell(rating.note)),
                    "support_wanted": _cell(rating.support_wanted),
                    "idea": defuse(_cell(rating.idea)),
                    "assessed_by": defuse(snapshot.assessed_by),
                    "respondents": _cell(snapshot.respondents),
                    "source": defuse(_cell(snapshot.source)),
                }


def assessments_csv(atlas: Atlas) -> str:
    """The full history as CSV text (UTF-8 when written; \\r\\n line ends as RFC 4180 says)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(assessment_rows(atlas))
    return out.getvalue()


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
