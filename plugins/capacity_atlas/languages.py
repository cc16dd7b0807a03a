"""Languages in the Pelican build: gettext in every template, and Pelican's Markdown pages per language.

Every generator's Jinja environment gets the i18n extension with gettext callables that look up the
page's language at render time (its `TRANSLATIONS`, see atlas.site.multilingual), so one environment
renders all languages. Pelican's Markdown pages are rendered with their language's globals; a page with
no translation into a published language (contribute, data) is published there in English, inside the
translated chrome, marked lang="en" with a note saying so.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import pass_context

from atlas.site.languages import LANGUAGES, SOURCE
from atlas.site.multilingual import language_globals, prefix
from atlas.site.words import for_language

from .compiled import kept_compiled

# Links of an English Markdown page to shared files (data, schema), which stay at the site's root.
SHARED_LINK = re.compile(r'(href|src)="\.\./((?:data|schema|charts)/[^"/]+\.\w+)"')


def published(settings) -> tuple[str, ...]:
    """The languages the build publishes (ATLAS_LANGUAGES, default all), English first."""
    chosen = tuple(settings.get("ATLAS_LANGUAGES") or LANGUAGES)
    unknown = sorted(set(chosen) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"ATLAS_LANGUAGES: no translations for {', '.join(unknown)}")
    return (SOURCE, *(code for code in chosen if code != SOURCE))


def _words(context):
    found = context.get("TRANSLATIONS")
    if found is None:
        page = context.get("page")
        found = for_language(getattr(page, "lang", None) or SOURCE)
    return found


@pass_context
def _gettext(context, message: str) -> str:
    return _words(context).gettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, count: int) -> str:
    return _words(context).ngettext(singular, plural, count)


@pass_context
def _pgettext(context, where: str, message: str) -> str:
    return _words(context).pgettext(where, message)


@pass_context
def _npgettext(context, where: str, singular: str, plural: str, count: int) -> str:
    return _words(context).npgettext(where, singular, plural, count)


def install(env) -> None:
    """Give a Jinja environment the i18n extension and the language-following gettext callables."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext
    )


def on_generator_init(generator) -> None:
    """`generator_init`: every generator's templates can be translated, and are kept compiled beside the
    charts (ATLAS_CHART_CACHE): a later build, or a worker process, loads them instead of compiling them."""
    install(generator.env)
    cache = generator.settings.get("ATLAS_CHART_CACHE")
    if cache:
        generator.env.bytecode_cache = kept_compiled(Path(cache) / "templates")


def _page_globals(generator, page, language: str) -> dict:
    atlas = generator.context.get("atlas")
    found = language_globals(atlas, language, published(generator.settings)) if atlas else {}
    english_url = page.url.removeprefix(prefix(page.lang)) if page.lang != SOURCE else page.url
    found["page_path"] = english_url
    return found


def on_write_page(generator, content) -> None:
    """`page_generator_write_page`: the shared context takes the page's language."""
    generator.context.update(_page_globals(generator, content, content.lang or SOURCE))


def on_pages_written(generator, writer) -> None:
    """`page_writer_finalized`: publish each English page in every language that has no translation of
    it, then give the shared context back its English globals."""
    settings = generator.settings
    languages = published(settings)
    for page in generator.pages:
        if page.lang != SOURCE:
            continue
        have = {translation.lang for translation in page.translations}
        for language in languages:
            if language == SOURCE or language in have:
                continue
            generator.context.update(_page_globals(generator, page, language))
            writer.write_file(
                prefix(language) + page.save_as,
                generator.get_template(page.template),
                generator.context,
                page=page,
                relative_urls=settings["RELATIVE_URLS"],
                override_output=True,
                url=prefix(language) + page.url,
                english_body=SHARED_LINK.sub(r'\1="../../\2"', page.content),
            )
    atlas = generator.context.get("atlas")
    if atlas is not None:
        generator.context.update(language_globals(atlas, SOURCE, languages))
    for name in ("page_path",):
        generator.context.pop(name, None)
