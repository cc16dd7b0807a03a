"""The catalog: categories, capacities and regions, read from YAML files under content/catalog/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from atlas.vocab import LEVELS
from atlas.yamlsource import Loader


class CatalogError(ValueError):
    """The catalog files themselves are malformed (a maintainer's error, not a contributor's)."""


@dataclass(frozen=True)
class Capacity:
    id: str
    name: str
    short: str  # a column heading for the map
    category: str
    question: str
    description: str
    guidance: dict[str, str]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    capacities: tuple[Capacity, ...]


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Catalog:
    categories: tuple[Category, ...]
    regions: dict[str, Region]

    @cached_property
    def capacities(self) -> dict[str, Capacity]:
        """Every capacity by id, in catalog order."""
        return {cap.id: cap for cat in self.categories for cap in cat.capacities}

    @cached_property
    def category_by_id(self) -> dict[str, Category]:
        return {cat.id: cat for cat in self.categories}


GUIDANCE_KEYS = (*LEVELS, "robustness")


def _require(entry: dict, keys: tuple[str, ...], where: str) -> None:
    missing = [key for key in keys if not isinstance(entry.get(key), (str, dict))]
    if missing:
        raise CatalogError(f"{where}: missing {', '.join(missing)}")


def _capacity(raw: dict, category: str, where: str) -> Capacity:
    _require(raw, ("id", "name", "question", "description", "guidance"), where)
    guidance = raw["guidance"]
    missing = [key for key in GUIDANCE_KEYS if not guidance.get(key)]
    if missing:
        raise CatalogError(f"{where} ({raw['id']}): guidance lacks {', '.join(missing)}")
    return Capacity(
        id=raw["id"],
        name=raw["name"],
        short=raw.get("short", raw["name"]),
        category=category,
        question=raw["question"].strip(),
        description=raw["description"].strip(),
        guidance={key: guidance[key].strip() for key in GUIDANCE_KEYS},
    )


def _read_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def load_catalog(folder: Path | str) -> Catalog:
    """Read capacities.yaml and regions.yaml from a catalog folder."""
    folder = Path(folder)
    raw_caps = _read_yaml(folder / "capacities.yaml")
    raw_regions = _read_yaml(folder / "regions.yaml")
    categories = []
    for i, cat in enumerate(raw_caps["categories"]):
        where = f"capacities.yaml: category {i + 1}"
        _require(cat, ("id", "name", "description"), where)
        caps = tuple(
            _capacity(cap, cat["id"], f"{where}, capacity {j + 1}") for j, cap in enumerate(cat["capacities"])
        )
        categories.append(Category(cat["id"], cat["name"], cat["description"].strip(), caps))
    regions = {}
    for i, reg in enumerate(raw_regions["regions"]):
        _require(reg, ("id", "name", "description"), f"regions.yaml: region {i + 1}")
        regions[reg["id"]] = Region(reg["id"], reg["name"], reg["description"].strip())
    catalog = Catalog(tuple(categories), regions)
    ids = [cap.id for cat in catalog.categories for cap in cat.capacities]
    if len(ids) != len(set(ids)):
        raise CatalogError("capacities.yaml: a capacity id is used twice")
    return catalog
