"""The words of the pictures (maps, profile, change over time, peers), each a gettext message.

The drawing modules take a `texts` mapping (`picture_texts(w)`: these messages in one language); a
missing key, or no mapping, is English.
"""

from __future__ import annotations

from functools import cache

from atlas.site.names import LEVEL_NAMES, N_
from atlas.site.words import Words

TEXTS: dict[str, str] = {
    # maps
    "no-data": N_("No data"),
    "outside": N_("Outside the region"),
    "percent": N_("%(value)s%%"),
    "share-tip": N_("%(name)s: %(percent)s (%(count)s of %(n)s)"),
    "count-tip": N_("%(name)s: %(value)s"),
    "no-data-tip": N_("%(name)s: no data"),
    "map-alt": N_(
        "%(title)s. A world map: %(with_data)s places have data, of which %(zero)s at zero; the highest "
        "value is %(top_value)s, in %(top)s. Places without data are hatched. Every number is in the table."
    ),
    "map-alt-empty": N_("%(title)s. A world map on which no place has data yet."),
    "undrawn": N_("Too small to draw: %(places)s."),
    # profile
    "not-assessed": N_("not assessed"),
    "robustness": N_("robustness %(robustness)s"),
    "no-robustness": N_("robustness not given"),
    "profile-alt": N_(
        "%(title)s. %(rated)s of the catalog's %(total)s capacities are rated: %(counts)s. The rest are "
        "blank (not assessed)."
    ),
    "level-count": N_("%(count)s %(level)s"),
    # change over time
    "timeline-alt": N_(
        "%(title)s. %(changed)s capacities changed level between %(first)s and %(last)s: %(summary)s. "
        "Every rating is in the table."
    ),
    "timeline-alt-none": N_("%(title)s. No capacity changed level between %(first)s and %(last)s."),
    "change": N_("%(capacity)s: %(levels)s"),
    # peers
    "peers-alt": N_(
        "%(title)s. For each capacity the group rated, the share of its peers at each level; shares from "
        "fewer than %(small)s peers are marked as small."
    ),
    "small-n": N_("few peers"),
    "you": N_("this group"),
}

LEVEL_WORDS = dict(LEVEL_NAMES)
SEPARATOR = "list separator"  # in `texts`: between the items of a list


def text(texts: dict[str, str] | None, key: str, **values: object) -> str:
    """The text `key`, from `texts` or else in English, its %(name)s placeholders filled with `values`."""
    template = (texts or {}).get(key) or TEXTS[key]
    return template % values


@cache
def picture_texts(w: Words) -> dict[str, str]:
    """The pictures' words in the language of `w` (made once per Words)."""
    found = {key: w.gettext(message) for key, message in TEXTS.items()}
    found[SEPARATOR] = w.list_separator
    return found


def listed(texts: dict[str, str] | None, items) -> str:
    """Items one after another, as the language of `texts` lists them ("a, b" in English)."""
    return (texts or {}).get(SEPARATOR, ", ").join(items)
