"""Codes that must exist: ISO 3166-1 countries (from pycountry) and Wikimedia language codes (from the
list shipped in atlas/ingest/data), each with a did-you-mean for the usual mistakes."""

from __future__ import annotations

import difflib
from pathlib import Path

import pycountry

from atlas.ingest.yamlsource import shown

LANGUAGE_LIST = Path(__file__).parent / "data" / "wikimedia-languages.txt"
COUNTRIES = {country.alpha_2: country.name for country in pycountry.countries}
LANGUAGES = tuple(
    line.strip()
    for line in LANGUAGE_LIST.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# Codes people write for a country that ISO 3166-1 gives another code: the European Union's own
# abbreviations (UK, EL), and language codes taken for the country's.
COUNTRY_MISTAKES = {
    "UK": "GB",
    "EL": "GR",
    "EN": "GB",
    "JA": "JP",
    "DA": "DK",
    "KO": "KR",
    "HE": "IL",
    "FA": "IR",
    "ZH": "CN",
}
# Codes people write for a Wikimedia language: ISO 639 codes where the wiki has an older address, and
# country codes taken for the language's.
LANGUAGE_MISTAKES = {
    "nb": "no",
    "be-x-old": "be-tarask",
    "yue": "zh-yue",
    "lzh": "zh-classical",
    "nan": "zh-min-nan",
    "sgs": "bat-smg",
    "rup": "roa-rup",
    "vro": "fiu-vro",
    "mo": "ro",
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jp": "ja",
    "cz": "cs",
    "dk": "da",
    "gr": "el",
    "ua": "uk",
    "kr": "ko",
    "cn": "zh",
    "zh-cn": "zh",
    "zh-tw": "zh",
    "zh-hans": "zh",
    "zh-hant": "zh",
    "en-us": "en",
    "en-gb": "en",
    "pt-br": "pt",
    "se-no": "se",
}
ISO_LIST = "an ISO 3166-1 alpha-2 code such as SE"
LANGUAGE_HELP = (
    "a Wikimedia language code such as sv or zh-yue (the list: atlas/ingest/data/wikimedia-languages.txt)"
)


def _country(code: str) -> str:
    return f"'{code}' ({COUNTRIES[code]})"


def country_problem(code: str) -> str | None:
    """Why a well-formed code is not an ISO 3166-1 country, with the code that was probably meant."""
    if code in COUNTRIES:
        return None
    message = f"unknown country '{shown(code)}'"
    if code in COUNTRY_MISTAKES:
        return f"{message}; did you mean {_country(COUNTRY_MISTAKES[code])}?"
    withdrawn = pycountry.historic_countries.get(alpha_2=code)
    if withdrawn is not None:
        message += f", withdrawn from ISO 3166-1 ({withdrawn.name})"
        successor = withdrawn.alpha_4[2:]
        if successor in COUNTRIES:
            return f"{message}; did you mean {_country(successor)}?"
    return f"{message}; expected {ISO_LIST}"


def country_hint(value: str) -> str:
    """For a value that is not two capitals: the code, when it is a country's name, alpha-3 code or
    alpha-2 code in lowercase ('' when nothing fits)."""
    try:
        found = pycountry.countries.lookup(value.strip())
    except LookupError:
        return ""
    return f"; did you mean {_country(found.alpha_2)}?"


def language_problem(code: str) -> str | None:
    """Why a well-formed code is not a Wikimedia language code, with the nearest one."""
    if code in LANGUAGES:
        return None
    message = f"unknown language '{shown(code)}'"
    close = LANGUAGE_MISTAKES.get(code) or next(
        iter(difflib.get_close_matches(code, LANGUAGES, n=1, cutoff=0.8)), None
    )
    if close:
        return f"{message}; did you mean '{close}'?"
    return f"{message}; expected {LANGUAGE_HELP}"


def _raise_if(problem: str | None, value: str) -> str:
    if problem:
        raise ValueError(problem)
    return value


def known_country(code: str) -> str:
    """Validator: the code, if it is an ISO 3166-1 alpha-2 country code."""
    return _raise_if(country_problem(code), code)


def known_language(code: str) -> str:
    """Validator: the code, if it is a Wikimedia language code."""
    return _raise_if(language_problem(code), code)
