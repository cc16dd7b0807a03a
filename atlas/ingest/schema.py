"""The assessment file format as pydantic models.

The catalog decides which capacity and region ids are valid: it is given when a file is validated,
`AssessmentFile.model_validate(data, context={"catalog": catalog})`. The contract's fixed vocabulary
comes from atlas.model.vocab.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeAlias, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonDict
from pydantic_core import PydanticCustomError

from atlas.ingest.bounds import (
    BOUND_REASONS,
    DATE_PATTERN,
    MAX_POPULATION,
    MAX_RESPONDENTS,
    URL_PATTERN,
    not_before_movement,
    web_address,
)
from atlas.ingest.codes import COUNTRIES, LANGUAGES, country_hint, known_country, known_language
from atlas.ingest.textrules import text
from atlas.ingest.yamlsource import DATE as ISO_DATE
from atlas.ingest.yamlsource import shown
from atlas.model.catalog import Catalog
from atlas.model.vocab import SLUG_PATTERN, Consultation, Kind, Level, Robustness, Status

MAX_TEXT = 2000  # characters in a free-text field
MAX_NAME = 200

Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    AfterValidator(known_country),
    Field(json_schema_extra={"enum": sorted(COUNTRIES)}),
]
Language = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[a-z0-9]+)*$"),
    AfterValidator(known_language),
    Field(json_schema_extra={"enum": list(LANGUAGES)}),
]
Count = Annotated[int, Strict(), Field(gt=0)]
Flag = Annotated[bool, Strict()]
Population = Annotated[Count, Field(le=MAX_POPULATION)]
Respondents = Annotated[Count, Field(le=MAX_RESPONDENTS)]


def http_url(field: str) -> object:
    """A public http(s) address in `field`: no credentials, a real host name."""
    schema: JsonDict = {"pattern": URL_PATTERN}
    checks = (AfterValidator(web_address(field)), Field(json_schema_extra=schema))
    return Annotated[str, Field(max_length=MAX_TEXT), *checks]


if TYPE_CHECKING:  # what the type checker sees: plain text; what pydantic checks is below
    WebsiteUrl: TypeAlias = str
    SourceUrl: TypeAlias = str
    Name: TypeAlias = str
    AssessedBy: TypeAlias = str
    Note: TypeAlias = str
    Idea: TypeAlias = str
else:
    WebsiteUrl, SourceUrl = http_url("url"), http_url("source")
    Name = text("name", min_length=1, max_length=MAX_NAME)
    AssessedBy = text("assessed_by", min_length=1, max_length=MAX_NAME)
    Note = text("note", lines=True, min_length=1, max_length=MAX_TEXT)
    Idea = text("idea", lines=True, min_length=1, max_length=MAX_TEXT)


def _iso_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date as YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, str) and ISO_DATE.match(value[:10]) and len(value) > 10:
        raise ValueError(f"'{shown(value)}' has more than a date; expected YYYY-MM-DD, without a time")
    raise ValueError(f"'{shown(value)}' is not a real date; expected YYYY-MM-DD")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    AfterValidator(not_before_movement),
    Field(json_schema_extra={"pattern": DATE_PATTERN}),
]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]

# What a value must look like, by field name: the second half of every pattern error message (web
# addresses have their own messages, in atlas.bounds).
EXPECTED = {
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
    note: Note | None = None
    support_wanted: Flag = False
    idea: Idea | None = None

    @field_validator("robustness")
    @classmethod
    def _no_robustness_without_capacity(cls, value, info):
        if value is not None and info.data.get("level") == "none":
            raise ValueError("robustness is not allowed with level none; remove it")
        return value


def _in_catalog(part: str) -> Callable[[object, ValidationInfo], object]:
    """A check that a value is one of the catalog's ids (`part`: capacities or regions), failing as an
    unknown literal would."""

    def check(value: object, info: ValidationInfo) -> object:
        ids = list(getattr((info.context or {})["catalog"], part))
        if not isinstance(value, str) or value not in ids:
            quoted = [f"'{known}'" for known in ids]
            expected = ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else "".join(quoted)
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
        return value

    return check


CapacityId = Annotated[str, BeforeValidator(_in_catalog("capacities"))]
RegionId = Annotated[str, BeforeValidator(_in_catalog("regions"))]


class Snapshot(_Strict):
    """One assessment session: who rated what, and when."""

    date: IsoDate
    assessed_by: AssessedBy
    consultation: Consultation
    respondents: Respondents | None = None
    status: Status = "reviewed"
    source: SourceUrl | None = None
    ratings: dict[CapacityId, Rating] = Field(min_length=1)


class AssessmentFile(_Strict):
    """Everything one file says about one entity."""

    name: Name
    kind: Kind
    regions: list[RegionId] = Field(min_length=1)
    countries: list[Country] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    url: WebsiteUrl | None = None
    emerging: Flag = False
    population: Population | None = None
    related: list[Slug] = Field(default_factory=list)
    snapshots: list[Snapshot] = Field(min_length=1)


# Turning pydantic's errors into a contributor's terms: what is wrong, and what was expected.
WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "list_type": "a list such as [a, b]",
}
NUMBER_RULES = {"greater_than": "a whole number above 0", "int_from_float": "a whole number"}


# How a list field names one of its items in messages ("unknown region 'xx'").
SINGULAR = {"regions": "region", "countries": "country", "languages": "language", "related": "related entry"}


def unknown_value(what: str, value: object, options: list[str]) -> str:
    """An unknown id, with the nearest known one or the list of known ones."""
    message = f"unknown {what} '{shown(value)}'"
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    if len(options) <= 12:
        return f"{message}; expected one of: {', '.join(options)}"
    return f"{message}; expected an id from the catalog (see the capacities page)"


def describe_value(value: object, written: str | None = None) -> str:
    """What a value was read as, in words ('the number 1.1 (written 1.10)')."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"the number {value}" + (f" (written {written})" if written and written != str(value) else "")
    if isinstance(value, dt.date):
        return f"the date {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{shown(value)}'"


def _keys_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a mapping at `loc` may have, following the model's fields, lists and mappings down."""
    kind: object = model
    for part in loc:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            kind = kind.model_fields[part].annotation if part in kind.model_fields else None
        else:
            kind = (get_args(kind) or (None,))[-1]  # the items of a list, the values of a mapping
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def explain(
    error: dict, model: type[BaseModel], catalog: Catalog, written=lambda loc: None
) -> tuple[tuple, bool, str]:
    """One pydantic error as (path, points at a key?, message); `written(path)` gives the source text
    of an unquoted value that YAML did not read as text."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return loc, True, unknown_value("capacity", loc[-1], list(catalog.capacities))
    field = next((part for part in reversed(loc) if isinstance(part, str)), "file")
    if kind == "extra_forbidden" and loc[-1] == "<<":
        return loc, True, "merge keys (<<) are not allowed; write the keys out"
    if kind == "extra_forbidden":
        allowed = ", ".join(_keys_at(model, loc[:-1]))
        return loc, True, f"unknown key '{shown(loc[-1])}'; expected one of: {allowed}"
    if kind == "missing":
        return loc[:-1], False, f"missing required key '{loc[-1]}'"
    if kind == "literal_error":
        options = [opt.strip(" '") for opt in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        return loc, False, unknown_value(SINGULAR.get(field, field), value, options)
    if kind == "string_pattern_mismatch":
        hint = country_hint(str(value)) if field == "countries" else ""
        return (
            loc,
            False,
            f"'{shown(value)}' is not valid for {field}; expected {EXPECTED.get(field, 'text')}{hint}",
        )
    if kind == "less_than_equal" and field in BOUND_REASONS:
        limit = f"at most {error['ctx']['le']} ({BOUND_REASONS[field]})"
        return loc, False, f"{field}: expected {limit}, got {describe_value(value, written(loc))}"

    if kind == "string_too_short" and not value:
        return loc, False, f"{field} is empty; expected some text"
    if kind == "too_short" and not value:
        return loc, False, f"{field} is empty; expected at least one entry"
    if kind in ("string_too_long", "too_long"):
        unit = "characters" if isinstance(value, str) else "entries"
        limit = error["ctx"]["max_length"]
        return loc, False, f"{field} has {len(value or ())} {unit}; expected at most {limit} (shorten it)"
    if kind == "value_error":
        return loc, False, str(error["ctx"]["error"])
    if kind in WORDS or kind in NUMBER_RULES or kind.startswith("int_"):
        expected = WORDS.get(kind) or NUMBER_RULES.get(kind, "a whole number")
        message = f"{field}: expected {expected}, got {describe_value(value, written(loc))}"
        if kind == "string_type" and value is not None and not isinstance(value, dict | list):
            message += "; put it in quotes to keep it as written"
        return loc, False, message
    return loc, False, f"{field}: {error['msg'].lower()} (got {describe_value(value)})"
