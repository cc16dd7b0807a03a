"""The numbers behind every chart, keyed by ids: the chart CSVs and their metadata files.

A chart named `capacity-<id>` counts, region by region, the groups at each current level of one
capacity; one named `region-<id>` counts, capacity by capacity, the groups of one region at each level.
The chart's bars are labelled with names (atlas.site.chart_specs); its CSV carries ids, which join to
the companion tables of the data package (atlas/datapackage.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from atlas.analysis.state import Atlas
from atlas.model import vocab

# What a chart's rows are, by the first word of its name: the heading of the CSV's first column.
CHART_ROW_HEADINGS = {"capacity": "region", "region": "capacity"}
TABLES = {"capacity": "capacities.csv", "region": "regions.csv"}  # where a row id's name is
DATA_LICENCE = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}


@dataclass(frozen=True)
class ChartTable:
    """One chart's numbers: what it is about, and one row of level counts per region or capacity id."""

    name: str
    subject: str  # the capacity or region the chart is about
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def row_kind(self) -> str:
        return CHART_ROW_HEADINGS[self.name.split("-", 1)[0]]


def _levels_row(tally) -> tuple[int, ...]:
    return tuple(tally.levels[level] for level in vocab.LEVELS)


def chart_tables(atlas: Atlas) -> dict[str, ChartTable]:
    """Levels by region for each capacity, then levels by capacity for each region, in catalog order."""
    catalog = atlas.catalog
    tables = {}
    for cap_id in catalog.capacities:
        rows = tuple(
            (region, _levels_row(tally)) for region, tally in atlas.capacity_by_region(cap_id).items()
        )
        tables[f"capacity-{cap_id}"] = ChartTable(f"capacity-{cap_id}", cap_id, rows)
    for region_id in catalog.regions:
        tallies = atlas.region_tallies[region_id]
        rows = tuple(
            (cap_id, _levels_row(tallies[cap_id]))
            for cap_id in catalog.capacities
            if tallies[cap_id].assessed
        )
        tables[f"region-{region_id}"] = ChartTable(f"region-{region_id}", region_id, rows)
    return tables


def chart_data_csv(table: ChartTable) -> str:
    """Exactly the numbers a chart draws: one row per bar (its id), one column per level."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([table.row_kind, *vocab.LEVELS])
    writer.writerows([key, *counts] for key, counts in table.rows)
    return out.getvalue()


def chart_counted(table: ChartTable) -> str:
    """What a chart counts, in the project's own (English) words, for its metadata file."""
    if table.row_kind == "region":
        return (
            f"Groups whose current rating of the capacity '{table.subject}' is at each level "
            "(none, low, medium, high), region by region. A group in several regions counts once in each. "
            "Only regions with at least one such rating are listed."
        )
    return (
        f"Groups of the region '{table.subject}' whose current rating of each capacity is at each level "
        "(none, low, medium, high). Only capacities rated by at least one group of the region are listed."
    )


def chart_meta(table: ChartTable, title: str, as_of: str) -> dict:
    """The metadata file beside a chart's CSV: what it shows, counted how, as of when, from what."""
    return {
        "title": title,
        "counted": chart_counted(table),
        "as_of": as_of,
        "current_rating": "A group's rating of a capacity in its latest snapshot that rates it.",
        "columns": {
            table.row_kind: f"the {table.row_kind} id; its name is in ../data/{TABLES[table.row_kind]}",
            **{level: f"groups whose current level is {level}" for level in vocab.LEVELS},
        },
        "data": f"{table.name}.csv",
        "chart": f"{table.name}.svg",
        "source": {
            "title": "The groups' own assessment files, one per group",
            "path": "../data/assessments.csv",
        },
        "package": "../data/datapackage.json",
        "licence": DATA_LICENCE,
    }


def chart_meta_json(table: ChartTable, title: str, as_of: str) -> str:
    return json.dumps(chart_meta(table, title, as_of), indent=2, ensure_ascii=False) + "\n"
