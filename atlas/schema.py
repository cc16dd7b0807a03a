"""The assessment file format as pydantic models, built for a given catalog.

The catalog decides which capacity and region ids are valid, so the models are made by a function
rather than declared once; the contract's fixed vocabulary comes from atlas.vocab.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, field_validator

from atlas.catalog import Catalog
from atlas.vocab import CONSULTATIONS, KINDS, LEVELS, ROBUSTNESS, SLUG_PATTERN, STATUSES

MAX_TEXT = 2000  # characters in a free-text field
MAX_NAME = 200

Level = Literal[LEVELS]
Robustness = Literal[ROBUSTNESS]
Kind = Literal[tuple(KINDS)]
Consultation = Literal[tuple(CONSULTATIONS)]
Status = Literal[STATUSES]
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"'`]+$", max_length=MAX_TEXT)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[a-z0-9]+)*$")]
Count = Annotated[int, Strict(), Field(gt=0)]
Flag = Annotated[bool, Strict()]


def _iso_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"'{value}' is not a real date; expected YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]

# What a value must look like, by field name: the second half of every pattern error message.
EXPECTED = {
    "url": "an http:// or https:// address",
    "source": "an http:// or https:// address",
    "countries": "an ISO 3166-1 alpha-2 country code in capitals, such as SE",
    "languages": "a Wikimedia language code in lowercase, such as sv or zh-yue",
    "related": "the slug of another assessment file (lowercase letters, digits, hyphens)",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rating(_Strict):
    """One capacity's rating in one snapshot."""

    level: Level
    robustness: Robustness | None = None
    note: str | None = Field(None, max_length=MAX_TEXT)
    support_wanted: Flag = False
    idea: str | None = Field(None, max_length=MAX_TEXT)

    @field_validator("robustness")
    @classmethod
    def _no_robustness_without_capacity(cls, value, info):
        if value is not None and info.data.get("level") == "none":
            raise ValueError("robustness is not allowed with level none; remove it")
        return value


def build_models(catalog: Catalog) -> type[BaseModel]:
    """Return the model of a whole assessment file, with this catalog's ids."""
    capacity_id = Literal[tuple(catalog.capacities)]
    region_id = Literal[tuple(catalog.regions)]

    class Snapshot(_Strict):
        """One assessment session: who rated what, and when."""

        date: IsoDate
        assessed_by: str = Field(min_length=1, max_length=MAX_NAME)
        consultation: Consultation
        respondents: Count | None = None
        status: Status = "reviewed"
        source: HttpUrl | None = None
        ratings: dict[capacity_id, Rating] = Field(min_length=1)

    class AssessmentFile(_Strict):
        """Everything one file says about one entity."""

        name: str = Field(min_length=1, max_length=MAX_NAME)
        kind: Kind
        regions: list[region_id] = Field(min_length=1)
        countries: list[Country] = Field(default_factory=list)
        languages: list[Language] = Field(default_factory=list)
        url: HttpUrl | None = None
        emerging: Flag = False
        population: Count | None = None
        related: list[Slug] = Field(default_factory=list)
        snapshots: list[Snapshot] = Field(min_length=1)

    return AssessmentFile
