"""The atlas's fixed vocabulary, in English and marked for translation: kinds of group, ways of
consulting, directions of change, levels, the parts of an opportunity's score, the home page's questions.
Shown in a reader's language through atlas.site.words.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the usual name of gettext's "translate later" marker
    """Mark a text for extraction; it is translated where it is shown."""
    return text


KIND_NAMES = {
    "wiki-community": N_("Wiki community"),
    "user-group": N_("User group"),
    "chapter": N_("Chapter"),
    "thematic-organization": N_("Thematic organization"),
    "hub": N_("Hub"),
    "other": N_("Other"),
}
CONSULTATION_NAMES = {
    "group": N_("agreed by the group"),
    "individual": N_("one person's view"),
    "survey": N_("survey"),
}
DIRECTION_NAMES = {"rose": N_("rose"), "fell": N_("fell"), "steady": N_("steady"), "once": N_("rated once")}
LEVEL_NAMES = {"none": N_("none"), "low": N_("low"), "medium": N_("medium"), "high": N_("high")}
# What each part of an opportunity's score counts (analysis.opportunities.WEIGHTS has the same keys).
OPPORTUNITY_COMPONENTS = {
    "shared": N_("groups in the region with a need (level none or low, or medium/high with low robustness)"),
    "emerging": N_("of them, emerging communities"),
    "low_hanging": N_("of them, one step from a firm capacity (low → medium, or fragile → robust)"),
    "support_wanted": N_("of them, groups that said they would welcome support here"),
    "population": N_("log10 of the people those groups serve ÷ 100,000 (0 below 100,000)"),
}
OPPORTUNITY_COMPONENT_NAMES = {
    "shared": N_("shared"),
    "emerging": N_("emerging"),
    "low_hanging": N_("low hanging"),
    "support_wanted": N_("support wanted"),
    "population": N_("population"),
}
SITE_TEXTS = (N_("Capacity Atlas"), N_("Capacity self-assessments of Wikimedia communities"))  # settings
HOME_QUESTIONS = {
    "wikidata": N_("How many communities have advanced Wikidata expertise?"),
    "social-media": N_("How many communities are active on social media?"),
    "strategy": N_("Which groups have a written, current strategy?"),
}
