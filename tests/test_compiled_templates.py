"""Templates compiled in one language (plugins/capacity_atlas/compiled.py) give what Jinja's gettext gives
at render time, byte for byte, in every language: plain and placeholder messages, {% trans %} blocks with
and without plurals, escaping of inserted values, and messages chosen at render time."""

from __future__ import annotations

import sys

import pytest
from constants import ROOT
from jinja2 import DictLoader, Environment

from atlas.site.languages import LANGUAGES
from atlas.site.words import for_language

sys.path.insert(0, str(ROOT / "plugins"))
from capacity_atlas.compiled import LanguageTemplates  # noqa: E402
from capacity_atlas.languages import install  # noqa: E402

# ruff: noqa: E501 - the messages are written as the theme writes them, each on one line
PAGE = """\
<h1>{{ _("Capacities") }}</h1><p>{{ _("Level")|upper }} · {{ _(chosen) }}</p>
<p>{{ _("%(capacity)s: current levels by region", capacity=name) }}</p>
<p>{% trans date=day, iso="2026-12-01" %}Ratings are self-assessments, shown as of <time datetime="{{ iso }}">{{ date }}</time>.{% endtrans %}</p>
<p>{% trans %}<strong>Demonstration data.</strong> Every group and rating on this site is fictional, generated for testing; none describes a real community.{% endtrans %}</p>
<p>{{ ngettext("%(num)s capacity rated", "%(num)s capacities rated", count) }}</p>
{% set label = _("Search") %}<a aria-label="{{ label }}">{{ words._("Capacity") }}</a>
"""


def environment() -> Environment:
    env = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=True, trim_blocks=True)
    install(env)
    return env


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_template_compiled_in_a_language_renders_as_gettext_at_render_time_does(language):
    env = environment()
    w = for_language(language)
    values = {
        "TRANSLATIONS": w,
        "words": w,
        "chosen": "Regions",
        "name": '<b>"Wiki" & co</b>',  # contributed text: escaped either way
        "day": "1 <Dec>",
        "count": 3,
    }
    at_render_time = env.get_template("page.html").render(values)
    compiled = LanguageTemplates(env, None).get("page", language).render(values)
    assert compiled == at_render_time
    assert "&lt;b&gt;&#34;Wiki&#34; &amp; co&lt;/b&gt;" in compiled and "1 &lt;Dec&gt;" in compiled
    if language != "en":  # the messages were translated, not left in English
        assert w.gettext("Capacities") in compiled and "<h1>Capacities</h1>" not in compiled
        assert w.gettext("Regions") in compiled  # looked up at render time


def test_each_language_compiles_its_own_templates():
    env = environment()
    templates = LanguageTemplates(env, None)
    french, arabic = templates.get("page", "fr"), templates.get("page", "ar")
    assert french is templates.get("page", "fr") and french is not arabic
    values = {"words": for_language("fr"), "chosen": "Regions", "name": "x", "day": "d", "count": 1}
    assert "<h1>Capacités</h1>" in french.render(values, TRANSLATIONS=for_language("fr"))
