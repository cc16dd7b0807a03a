"""Everything published for reuse beyond the contract's two exports: the data package and its tables,
each chart's data and metadata, each group's own file, the schema.org description of the dataset and
robots.txt. Pelican-free; paths come from atlas.site.Urls, passed in."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from atlas.analysis.state import Atlas
from atlas.site.chartdata import DATA_LICENCE, chart_data_csv, chart_meta_json, chart_tables
from atlas.site.datapackage import chart_path, companion_tables, descriptor_json

SITEMAP = "sitemap.xml"


class SourceChanged(RuntimeError):
    """An assessment file changed between validation and publishing."""


def source_bytes(entity) -> bytes:
    """A group's assessment file exactly as it is in the repository (checked against what was loaded)."""
    data = Path(entity.path).read_bytes()
    if hashlib.sha256(data.decode("utf-8-sig").encode()).hexdigest() != entity.digest:
        raise SourceChanged(f"{entity.path} changed during the build; build again")
    return data


def open_data_files(atlas: Atlas, titles: dict[str, str], urls) -> dict[str, str | bytes]:
    """Companion tables, the package descriptor, every chart's CSV (beside the chart, and in the
    package's folder) and metadata, and every group's own file, by path. `titles`: chart name -> title."""
    files: dict[str, str | bytes] = {}
    for name, data in companion_tables(atlas).items():
        files[urls.table(name)] = data
    tables = atlas.derive(chart_tables)
    as_of = atlas.as_of.isoformat()
    for name, table in tables.items():
        chart_csv = chart_data_csv(table)
        files[urls.chart_data(name)] = chart_csv
        files[f"data/{chart_path(name)}"] = chart_csv
        files[urls.chart_meta(name)] = chart_meta_json(table, titles[name], as_of)
    files[urls.datapackage] = descriptor_json(atlas, {name: (tables[name], titles[name]) for name in tables})
    return files


def downloads(atlas: Atlas) -> list[tuple[str, str]]:
    """Every download of the data page's folder (data/), as (path relative to it, media type)."""
    tables = ["assessments", "categories", "capacities", "regions", "communities", "community_regions"]
    found = [(f"{name}.csv", "text/csv") for name in tables]
    found += [("summary.json", "application/json"), ("datapackage.json", "application/json")]
    found += [(chart_path(name), "text/csv") for name in atlas.derive(chart_tables)]
    return found


def dataset(atlas: Atlas, name: str, description: str, site_url: str, creator: str, links: str = "") -> dict:
    """The schema.org Dataset the data page describes itself as. URLs are absolute with a site URL, else
    the downloads' are relative to the page: `links` is the site's root seen from it (".." from data/,
    "../.." from fr/data/)."""
    base = f"{site_url or links}/data/" if site_url or links else ""
    found = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "license": DATA_LICENCE["path"],
        "isAccessibleForFree": True,
        "creator": {
            "@type": "Organization",
            "name": creator,
            **({"url": f"{site_url}/"} if site_url else {}),
        },
        "dateModified": atlas.as_of.isoformat(),
        "keywords": ["Wikimedia", "capacity building", "self-assessment"],
    }
    if site_url:
        found["url"] = base
    dates = [snapshot.date for entity in atlas.entities for snapshot in entity.snapshots]
    if dates:
        found["temporalCoverage"] = f"{min(dates).isoformat()}/{max(dates).isoformat()}"
    found["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": media, "contentUrl": base + path}
        for path, media in downloads(atlas)
    ]
    return found


def json_for_script(value, indent: int | None = 1) -> str:
    """JSON safe inside an HTML <script> element: no <, > or & that could end it (`indent` None: compact)."""
    separators = (",", ":") if indent is None else None
    text = json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=False, separators=separators)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap is named when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}/{SITEMAP}")
    return "\n".join(lines) + "\n"
