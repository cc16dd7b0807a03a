"""Read the catalog (capacities.yaml, regions.yaml under content/catalog/) into its types."""

from __future__ import annotations

from pathlib import Path

import yaml

from atlas.ingest.yamlsource import Loader
from atlas.model.catalog import Capacity, Catalog, Category, Region
from atlas.model.vocab import LEVELS


class CatalogError(ValueError):
    """The catalog files themselves are malformed (a maintainer's error, not a contributor's)."""


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
