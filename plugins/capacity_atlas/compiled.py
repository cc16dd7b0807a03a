"""Templates compiled in one language: their fixed messages translated once, when compiled.

Most of the theme's messages are fixed text: `_("Level")`, `_("… %(name)s", name=…)` or a `{% trans %}`
block without a plural. Looked up at render time, each is looked up again on every page of every
language. Each language gets its own overlay of the theme's Jinja environment whose templates carry these
messages already translated; a plural message, or one chosen at render time (`_(SITENAME)`), is still
looked up when rendered. The pages are the same, byte for byte (tests/test_i18n.py).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache, nodes
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token
from markupsafe import Markup

from atlas.site.translation import messages_digest
from atlas.site.words import for_language


def kept_compiled(folder: Path) -> FileSystemBytecodeCache:
    """A cache of compiled templates in `folder` (made if missing): a later build, or a worker process,
    loads them instead of compiling them."""
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def message(text: str, **values) -> Markup:
    """A translated message with its placeholders filled, as Jinja's gettext gives it: the message is
    trusted markup, the values are escaped."""
    return Markup(text) % values


class CompiledMessages(InternationalizationExtension):
    """The i18n extension of one language's environment (its `atlas_words`), translating fixed messages
    while the template is compiled."""

    priority = 200  # after Jinja's own i18n extension: this one parses {% trans %}

    def _gettext(self, text: str) -> str:
        return self.environment.atlas_words.gettext(text)  # type: ignore[attr-defined]

    def filter_stream(self, stream):
        """`_("text")` becomes the translated text; `_("text", name=value)` a call of `message` with it."""
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if (
                token.test("name:_")
                and i + 3 < len(tokens)
                and (i == 0 or tokens[i - 1].type != "dot")
                and tokens[i + 1].type == "lparen"
                and tokens[i + 2].type == "string"
                and tokens[i + 3].type in ("rparen", "comma")
            ):
                line, text = token.lineno, self._gettext(tokens[i + 2].value)
                if tokens[i + 3].type == "rparen":
                    yield Token(line, "lparen", "(")
                    yield Token(line, "string", str(message(text)))
                    yield Token(line, "pipe", "|")
                    yield Token(line, "name", "safe")
                else:
                    yield Token(line, "name", "atlas_message")
                    yield Token(line, "lparen", "(")
                    yield Token(line, "string", text)
                i += 3
                continue
            yield token
            i += 1

    def _make_node(self, singular, plural, context, variables, plural_expr, vars_referenced, num_called_num):
        """A {% trans %} block without a plural or a context: its translation, filled in at render time."""
        if plural_expr is not None or context is not None:
            return super()._make_node(
                singular, plural, context, variables, plural_expr, vars_referenced, num_called_num
            )
        values = [nodes.Keyword(key, value) for key, value in variables.items()]
        call = nodes.Call(
            nodes.Name("atlas_message", "load"), [nodes.Const(self._gettext(singular))], values, None, None
        )
        return nodes.Output([call])


class LanguageTemplates:
    """The theme's templates, compiled once per language (and kept compiled in `cache`, per language and
    per version of its translations)."""

    def __init__(self, env, cache: Path | None):
        self.env, self.cache = env, cache
        self.envs: dict = {}
        self.templates: dict = {}
        env.globals["atlas_message"] = message

    def get(self, name: str, language: str):
        found = self.templates.get((name, language))
        if found is None:
            found = self.templates[name, language] = self._env(language).get_template(name + ".html")
        return found

    def _env(self, language: str):
        env = self.envs.get(language)
        if env is None:
            compiled = None
            if self.cache:
                compiled = kept_compiled(
                    self.cache / f"templates-{language}-{messages_digest(language)[:16]}"
                )
            env = self.env.overlay(extensions=[CompiledMessages], bytecode_cache=compiled)
            env.atlas_words = for_language(language)
            self.envs[language] = env
        return env
