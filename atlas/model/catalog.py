"""The catalog's types: categories, capacities and regions (read by atlas.ingest.catalog)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


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
