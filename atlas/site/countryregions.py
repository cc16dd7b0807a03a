"""Which Wikimedia funding region each country belongs to, for drawing regions on the world map.

Source: the project's own table, following the eight funding regions of the Wikimedia Foundation's
Community Fund as described on Meta-Wiki (Grants:Regions); the region ids are the atlas's own
(content/catalog/regions.yaml). Countries are ISO 3166-1 alpha-2 codes, with XK for Kosovo. Places on a
region's edge (Greece, Cyprus and Türkiye in ceeca; Israel and Sudan in mena) follow the usual reading
of those pages and are the first to check when the Foundation's list changes. `global` has no country.
"""

from __future__ import annotations

REGION_COUNTRIES: dict[str, str] = {
    "ceeca": (
        "AL AM AZ BA BG BY CY CZ EE GE GR HR HU KG KZ LT LV MD ME MK PL RO RS RU SI SK TJ TM TR UA UZ XK"
    ),
    "eseap": (
        "AS AU BN CK CN FJ FM GU HK ID JP KH KI KP KR LA MH MM MN MO MP MY NC NF NR NU NZ PF PG PH PN PW "
        "SB SG TH TK TL TO TV TW VN VU WF WS"
    ),
    "lac": (
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF "
        "MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    "ssa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE "
        "NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW"
    ),
    "mena": "AE BH DZ EG EH IL IQ IR JO KW LB LY MA OM PS QA SA SD SY TN YE",
    "sa": "AF BD BT IN IO LK MV NP PK",
    "na": "BM CA PM US",
    "nwe": "AD AT AX BE CH DE DK ES FI FO FR GB GG GI GL IE IM IS IT JE LI LU MC MT NL NO PT SE SJ SM VA",
}

COUNTRY_REGION: dict[str, str] = {
    country: region for region, countries in REGION_COUNTRIES.items() for country in countries.split()
}


def region_of(country: str) -> str | None:
    """The funding region of a country code, or None (Antarctica, uninhabited islands)."""
    return COUNTRY_REGION.get(country)
