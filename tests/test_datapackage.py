"""The open data around the exports, read from a real build: the Frictionless Data Package (validated
by the frictionless library, its tables joined through the foreign keys it declares), the chart
metadata, the schema.org Dataset of the data page, the groups' own files, robots.txt and the favicon."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from constants import ROOT

from atlas.site.opendata import robots_txt

SPREAD = """\
name: Spread Across Regions
kind: thematic-organization
regions: [ceeca, global]
countries: [AM, GE]
languages: [hy, ka]
emerging: true
population: 5000
snapshots:
  - date: 2024-03-01
    assessed_by: Board
    consultation: group
    ratings:
      wikidata: {level: low, robustness: low}
      bots: {level: none}
  - date: 2025-02-01
    assessed_by: Board and volunteers
    consultation: group
    status: provisional
    ratings:
      wikidata: {level: high, robustness: medium, note: "=SUM(A1) looks like a formula"}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, chart_cache):
    """The shipped assessments plus a group in two regions with two snapshots, built once."""
    from atlas.build.runner import build_site

    root = tmp_path_factory.mktemp("package")
    assessments = root / "assessments"
    shutil.copytree(ROOT / "assessments", assessments)
    (assessments / "spread-across-regions.yaml").write_text(SPREAD, encoding="utf-8")
    output = root / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        build_site(
            assessments, output, "2026-11-21", ROOT / "pelicanconf.py", ATLAS_CHART_CACHE=str(chart_cache)
        )
    return output


@pytest.fixture(scope="module")
def package(site):
    from frictionless import Package

    return Package(site / "data" / "datapackage.json")


def _yaml_ratings(folder: Path) -> dict[tuple[str, str, str], tuple[dict, dict]]:
    """Every rating of the assessment files, read with PyYAML: (slug, date, capacity) -> (file, rating)."""
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for snapshot in data["snapshots"]:
            for capacity, rating in snapshot["ratings"].items():
                found[(path.stem, str(snapshot["date"]), capacity)] = (data, rating)
    return found


def test_the_package_is_valid_and_describes_every_published_csv(site, package):
    report = package.validate()
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "message"])[:10]
    assert package.licenses[0]["name"] == "CC0-1.0"
    described = {(site / "data" / resource.path).resolve() for resource in package.resources}
    in_package_folder = {path.resolve() for path in (site / "data").rglob("*.csv")}
    assert described == in_package_folder
    beside_charts = sorted((site / "charts").glob("*.csv"))
    assert beside_charts and {path.name for path in beside_charts} == {
        path.name for path in (site / "data" / "charts").glob("*.csv")
    }
    for path in beside_charts:  # the chart pages' downloads are the tables the package describes
        assert path.read_bytes() == (site / "data" / "charts" / path.name).read_bytes()


def test_level_and_robustness_are_ordered_categories(package):
    fields = {field["name"]: field for field in package.to_descriptor()["resources"][0]["schema"]["fields"]}
    assert fields["level"]["categories"] == ["none", "low", "medium", "high"]
    assert fields["robustness"]["categories"] == ["low", "medium", "high"]
    assert fields["level"]["categoriesOrdered"] is fields["robustness"]["categoriesOrdered"] is True


def test_a_broken_id_fails_validation(site, tmp_path):
    """The foreign keys are checked: a rating of a capacity the catalog lacks makes the package invalid."""
    from frictionless import Package

    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    with open(copy / "assessments.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("capacity")] = "not-a-capacity"
    with open(copy / "assessments.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    report = Package(copy / "datapackage.json").validate()
    assert not report.valid
    assert {error[0] for error in report.flatten(["type"])} == {"foreign-key"}


class Tables:
    """Every row of the package's tables, found by the values of any fields."""

    def __init__(self, package):
        self.package = package
        self.rows = {resource.name: list(resource.read_rows()) for resource in package.resources}
        self.indexes = {}

    def lookup(self, table: str, fields: tuple[str, ...], values: tuple) -> dict:
        index = self.indexes.get((table, fields))
        if index is None:
            index = {tuple(row[name] for name in fields): row for row in self.rows[table]}
            self.indexes[(table, fields)] = index
        return index[values]

    def identity(self, table: str, row: dict) -> tuple:
        return table, tuple(row[name] for name in self.package.get_resource(table).schema.primary_key)

    def follow(self, resource, row) -> dict[str, dict]:
        """The rows one row refers to through its table's foreign keys, by the referenced table."""
        found = {}
        for key in resource.schema.foreign_keys:
            target, fields = key["reference"]["resource"], tuple(key["reference"]["fields"])
            found[target] = self.lookup(target, fields, tuple(row[name] for name in key["fields"]))
        return found


def test_every_rating_joins_to_its_capacity_regions_and_group_through_declared_keys(site, package):
    """Only the package says how tables join: a rating follows its own foreign keys, and a table that
    refers to a row the rating refers to (a link table) leads on to more, such as the group's regions."""
    tables = Tables(package)
    ratings = package.get_resource("assessments")
    linked = defaultdict(list)  # a referenced row's identity -> what link tables' rows reach from it
    for resource in package.resources:
        if resource.name == ratings.name or len(resource.schema.foreign_keys) < 2:
            continue
        for row in tables.rows[resource.name]:
            reached = tables.follow(resource, row)
            for table, target in reached.items():
                others = {name: found for name, found in reached.items() if name != table}
                linked[tables.identity(table, target)].append(others)
    expected = _yaml_ratings(site.parent / "assessments")
    seen = set()
    for row in tables.rows[ratings.name]:
        reached = tables.follow(ratings, row)
        via_links = defaultdict(list)
        for table, target in reached.items():
            for others in linked[tables.identity(table, target)]:
                for name, found in others.items():
                    via_links[name].append(found)
        key = (row["entity"], row["date"].isoformat(), row["capacity"])
        data, rating = expected[key]
        group, capacity = reached["communities"], reached["capacities"]
        assert group["name"] == data["name"] and group["kind"] == data["kind"]
        assert sorted(region["id"] for region in via_links["regions"]) == sorted(data["regions"])
        assert all(region["name"] for region in via_links["regions"])
        assert capacity["id"] == row["capacity"] and capacity["name"]
        assert capacity["category"] == reached["categories"]["id"] == row["category"]
        assert row["level"] == rating["level"] and row["robustness"] == rating.get("robustness")
        seen.add(key)
    assert seen == set(expected)
    spread = tables.lookup("communities", ("id",), ("spread-across-regions",))
    assert spread["countries"] == ["AM", "GE"] and spread["emerging"] is True and spread["population"] == 5000


def test_each_chart_has_its_metadata_beside_its_data(site):
    for data in sorted((site / "charts").glob("*.csv")):
        name = data.name.removesuffix(".csv")
        meta = json.loads((site / "charts" / f"{name}.meta.json").read_text(encoding="utf-8"))
        assert meta["as_of"] == "2026-11-21" and meta["licence"]["name"] == "CC0-1.0"
        assert meta["title"] and meta["counted"] and meta["data"] == data.name
        assert (site / "charts" / meta["chart"]).is_file()
        assert data.read_text(encoding="utf-8").split("\n", 1)[0].split(",")[0] in meta["columns"]
    wikidata = (site / "charts" / "capacity-wikidata.csv").read_text(encoding="utf-8").splitlines()
    assert wikidata[0] == "region,none,low,medium,high"
    assert {line.split(",")[0] for line in wikidata[1:]} == {"ceeca", "global"}  # ids, not names


def test_the_data_page_describes_a_dataset_with_every_download(site, package):
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    dataset = json.loads(blocks[0])
    assert dataset["@type"] == "Dataset" and dataset["name"] and dataset["description"]
    assert dataset["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    dates = sorted(date for _, date, _ in _yaml_ratings(site.parent / "assessments"))
    assert dataset["creator"]["name"] and dataset["temporalCoverage"] == f"{dates[0]}/{dates[-1]}"
    data = (site / "data").resolve()  # each download's path from the data page, resolved
    urls = {
        (data / item["contentUrl"]).resolve().relative_to(data).as_posix() for item in dataset["distribution"]
    }
    assert all(item["@type"] == "DataDownload" and item["encodingFormat"] for item in dataset["distribution"])
    for url in urls:
        assert (site / "data" / url).is_file(), url
    assert {resource.path for resource in package.resources} | {"summary.json", "datapackage.json"} == urls
    assert "CC0" in html and "datapackage.json" in html


def _dataset(page: Path) -> dict:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_a_translated_data_page_describes_the_same_dataset_in_its_words(site, language):
    english, page = _dataset(site / "data" / "index.html"), site / language / "data" / "index.html"
    found = _dataset(page)
    assert found["name"] != english["name"] and found["description"] != english["description"]
    assert found["license"] == english["license"] and found["temporalCoverage"] == english["temporalCoverage"]
    files = [(page.parent / item["contentUrl"]).resolve() for item in found["distribution"]]
    assert files == [(site / "data" / "index.html").parent.joinpath(item["contentUrl"]).resolve()
                     for item in english["distribution"]]  # fmt: skip
    assert all(path.is_file() and path.is_relative_to((site / "data").resolve()) for path in files)


def test_each_group_s_own_file_is_published_byte_for_byte_and_linked(site):
    sources = sorted((site.parent / "assessments").glob("*.yaml"))
    for source in sources:
        slug = source.stem
        published = site / "communities" / slug / f"{slug}.yaml"
        assert published.read_bytes() == source.read_bytes()
        page = (site / "communities" / slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../../communities/{slug}/{slug}.yaml"' in page


def test_robots_txt_and_favicon(site):
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    published = robots_txt("https://example.org/atlas")
    assert published.splitlines()[-1] == "Sitemap: https://example.org/atlas/sitemap.xml"
    favicon = site / "theme" / "favicon.svg"
    assert favicon.read_bytes().startswith(b"<svg")
    for page in (site / "index.html", site / "communities" / "index.html"):
        assert re.search(
            r'<link rel="icon" href="[./]*/theme/favicon\.svg" type="image/svg\+xml">', page.read_text()
        )
