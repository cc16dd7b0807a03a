"""The site in each language: its catalog, its template globals and its pages' contexts.

The atlas is loaded and analysed once; each language's pages are rendered from the same contexts, with
the catalog's texts swapped for their translations (`localize`) and the language's words, fragments and
addresses as globals (`language_globals`). Contributed text (names, notes, ideas) is never translated.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, partial

from atlas.model.catalog import Capacity, Catalog, Category, Region
from atlas.site import fragments, summaryrows, words
from atlas.site.figures import Figures
from atlas.site.languages import LANGUAGES, SOURCE
from atlas.site.translation import coverage
from atlas.site.urls import urls_for

# Each language's name in itself, for the language switcher.
NATIVE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


def prefix(language: str) -> str:
    """Where a language's pages live: English at the root, the others in a folder named by their code."""
    return "" if language == SOURCE else f"{language}/"


def translated_catalog(catalog: Catalog, w: words.Words) -> Catalog:
    """The catalog with every text a reader sees in the language of `w` (English ones where untranslated)."""
    if w.language == SOURCE:
        return catalog
    t = w.text

    def capacity(cap: Capacity) -> Capacity:
        texts = {part: t(f"{cap.id} {part}", getattr(cap, part)) for part in ("name", "short", "question")}
        guidance = {key: t(f"{cap.id} guidance {key}", text) for key, text in cap.guidance.items()}
        return replace(
            cap, **texts, description=t(f"{cap.id} description", cap.description), guidance=guidance
        )

    categories = tuple(
        replace(
            category,
            name=t(f"{category.id} category name", category.name),
            description=t(f"{category.id} category description", category.description),
            capacities=tuple(capacity(cap) for cap in category.capacities),
        )
        for category in catalog.categories
    )
    regions = {
        key: replace(
            region,
            name=t(f"{key} region name", region.name),
            description=t(f"{key} region description", region.description),
        )
        for key, region in catalog.regions.items()
    }
    return Catalog(categories, regions)


def localize(value, catalog: Catalog, depth: int = 3):
    """`value` with the catalog's capacities, categories and regions swapped for those of `catalog`,
    inside lists and tuples too (a page's context: see atlas.site.pages)."""
    kind = type(value)
    if kind is Capacity:
        return catalog.capacities[value.id]
    if kind is Category:
        return catalog.category_by_id[value.id]
    if kind is Region:
        return catalog.regions[value.id]
    if depth and kind in (list, tuple):
        return kind(localize(item, catalog, depth - 1) for item in value)
    if depth and kind is dict:
        return {key: localize(item, catalog, depth - 1) for key, item in value.items()}
    return value


def localize_context(context: dict, catalog: Catalog) -> dict:
    """A page's context in the language of `catalog`."""
    return {key: localize(value, catalog) for key, value in context.items()}


@cache
def _language_list(published: tuple[str, ...]) -> tuple[tuple[str, str, str, str], ...]:
    return tuple(
        (code, NATIVE_NAMES.get(code, code), prefix(code), words.for_language(code).direction)
        for code in published
    )


def language_globals(atlas, language: str, published: tuple[str, ...] = LANGUAGES) -> dict:
    """What a page in `language` reads besides the shared globals (see atlas.site.pages.template_globals)."""
    w = words.for_language(language)
    catalog = translated_catalog(atlas.catalog, w)
    found = {
        "LANG": language,
        "DIR": w.direction,
        "LANGUAGES": _language_list(tuple(published)),
        "TRANSLATIONS": w,
        "words": w,
        "urls": urls_for(prefix(language)),
        "catalog": catalog,
        "capacity_names": {cap_id: cap.name for cap_id, cap in catalog.capacities.items()},
        "region_names": {region_id: region.name for region_id, region in catalog.regions.items()},
        "KINDS": w.kind_names,
        "CONSULTATIONS": w.consultation_names,
        "OPPORTUNITY_COMPONENTS": w.opportunity_components,
        "age": w.age_text,
        "percent": w.percent,
        "translation_coverage": partial(coverage_rows, tuple(published)),
        "figures": Figures(w, catalog),
    }
    found.update(fragments.for_language(language).functions)
    found.update(summaryrows.for_language(language).functions)
    return found


def coverage_rows(published: tuple[str, ...] = LANGUAGES) -> list[tuple[str, str, int, int]]:
    """(code, name in itself, translated messages, total) for each published language."""
    return [(code, NATIVE_NAMES.get(code, code), *coverage(code)) for code in published]
