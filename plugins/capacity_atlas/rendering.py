"""Rendering the atlas's pages: reusing the previous build's where nothing they read changed.

Every page gets a key (atlas.pagedeps); a page whose key matches the previous build's is kept in the
output as it is, the others are written to the staging folder (see atlas.buildstate: a page rendered to
the bytes it already had is left as it was too). Keys are checked in
the build's own process, so that what they are made from (see Entity.derive) stays for the next build of a
long-lived process; the pages left may be rendered in forked worker processes (see `render_chunk`), which
return the key records to the parent. The parent then sends Pelican's `content_written` for every page,
rendered or kept, so plugins that list the site's pages see them all (see `PageRenderer.announce`).
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import ChainMap
from collections.abc import Callable
from pathlib import Path

from pelican import signals
from pelican.utils import get_relative_path, path_to_url

from atlas.build.inputs import Digests, IncompleteInputs, Opaque, Reads, Watched, is_code, page_key
from atlas.build.record import STAGED, spares, write_staged
from atlas.site.languages import SOURCE
from atlas.site.multilingual import localize_context

# What a page may read of the atlas without depending on the assessments: these are in the site digest.
ATLAS_FIXED = frozenset({"as_of", "fictional", "catalog"})
ATLAS_LOOKUPS = frozenset({"entity_by_slug"})


class PageRenderer:
    """Renders site pages into the output folder, reusing what the previous build left where it can."""

    def __init__(self, generator, pages: list, incremental: dict | None, languages: dict | None = None):
        self.atlas = generator.atlas
        self.languages = languages or {}  # each language's globals (atlas.site.multilingual)
        self.get_template = generator.get_template
        self.templates = generator.templates
        self.context = generator.context
        self.relative_urls = generator.settings.get("RELATIVE_URLS", False)
        self.output = Path(generator.output_path)
        self.pages = pages
        self.check_inputs = bool(generator.settings.get("ATLAS_CHECK_INPUTS"))
        incremental = incremental or {}
        self.keyed = bool(incremental)
        previous = incremental.get("previous_output")
        self.previous_output = Path(previous) if previous else None
        self.previous_files = incremental.get("previous_files", {})
        self.previous_pages = incremental.get("previous_pages", {})
        self.kept: set[str] = set()  # the paths of the pages kept from the previous output
        self.folders: set[Path] = set()  # the output's folders made so far
        self.roots: dict[int, str] = {}  # relative SITEURL by depth in the site
        self.staged = self.previous_output is not None  # an update in place: files are staged flat
        self.spares = ""  # where that update finds the files the last one replaced (see `write`)
        if self.previous_output is not None:
            (self.output / STAGED).mkdir(parents=True, exist_ok=True)
            self.spares = str(spares(self.previous_output))
        self.digests = Digests()
        self.input_digests: dict = {}  # by Inputs object: the digest of what it says (see `_declared`)
        self.watched, plain = {}, {}
        for name, value in generator.globals.items():
            if is_code(value):
                continue
            try:
                plain[name] = self.digests.of(value)
            except Opaque:
                self.watched[name] = value
        atlas = self.atlas
        if self.keyed:
            fixed = [atlas.as_of, atlas.fictional, self.digests.of(atlas.catalog), sorted(plain.items())]
            self.site = _hash(incremental["site"], repr(fixed))
            self.entities = {entity.slug: entity.digest for entity in atlas.entities}
            self.data = _hash(self.site, *(f"{slug}={digest}" for slug, digest in self.entities.items()))

    def untouched(self, relative: str) -> bool:
        """Whether the previous output still has a file as the last build wrote it (size and time)."""
        recorded = self.previous_files.get(relative)
        if self.previous_output is None or recorded is None:
            return False
        try:  # os.stat of a string: a build asks this of every page and file; Path objects cost more
            stat = os.stat(os.path.join(self.previous_output, relative))
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == recorded

    def write(self, relative: str, data: bytes) -> None:
        """Write one output file: staged flat for an update in place, in a spare where there is one (see
        atlas.build.record.write_staged), else in its folder (made once per process and build, not before
        every file)."""
        if self.staged:
            write_staged(str(self.output), self.spares, relative, data)
            return
        target = self.output / relative
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        target.write_bytes(data)

    def keep_or_write(
        self, relative: str, made_from: str, make: Callable[[], bytes | str]
    ) -> tuple[str, list | None]:
        """A file made from `made_from` alone: kept as the previous build left it when that was made from
        the same, else written; return its path and key record, as for a page."""
        if not self.keyed:
            data = make()
            self.write(relative, data.encode("utf-8") if isinstance(data, str) else data)
            return relative, None
        record = [page_key(self.site, relative, "file", made_from, None, []), False, []]
        if self.previous_pages.get(relative) != record or not self.untouched(relative):
            data = make()
            self.write(relative, data.encode("utf-8") if isinstance(data, str) else data)
        return relative, record

    def keep_or_write_bytes(self, relative: str, data: bytes) -> tuple[str, list | None]:
        """A file whose bytes are known before it is written: kept as the previous build left it when
        they are the same (see `keep_or_write`)."""
        return self.keep_or_write(relative, hashlib.sha256(data).hexdigest(), lambda: data)

    def made_from(self, page) -> str:
        """What a page's files are made from (see Page.files): its declared inputs, or every assessment."""
        declared = self._declared(page) if self.keyed else ""
        return self.data if declared is None else declared

    def _declared(self, page) -> str | None:
        """The digest of a page's declared inputs (None: every assessment), worked out once per build for
        the page and its translations, which share their inputs."""
        inputs = self.input_digests.get(page.inputs, False)
        if inputs is False:
            declared = page.inputs.text()
            inputs = self.input_digests[page.inputs] = None if declared is None else self.digests.of(declared)
        return inputs

    def reuse_unchanged(self) -> tuple[dict, list[int]]:
        """Keep every page whose key matches the previous build's and whose file is still as that build
        left it; return their key records by path and the indices of the pages left to render, slowest
        first."""
        reused, stale = {}, []
        for index in self.render_order():
            page = self.pages[index]
            recorded = self.previous_pages.get(page.save_as) if self.keyed else None
            if (
                recorded is not None
                and self._record(page, *recorded[1:]) == recorded
                and self.untouched(page.save_as)
            ):
                reused[page.save_as] = recorded
            else:
                stale.append(index)
        self.kept = set(reused)
        if self.check_inputs:
            self.check_reused([page for page in self.pages if page.save_as in self.kept])
        return reused, stale

    def check_reused(self, pages: list) -> None:
        """Render pages that are to be reused and compare them with the files kept (ATLAS_CHECK_INPUTS):
        a difference means a page's context reads more than its declared inputs."""
        differ = [
            page.save_as for page in pages if self._render(page, Reads()).encode("utf-8") != self._kept(page)
        ]
        if differ:
            raise IncompleteInputs(differ)

    def _kept(self, page) -> bytes | None:
        """The bytes of a page kept from the previous output (None if it is not there)."""
        if not self.untouched(page.save_as):
            return None
        return (self.previous_output / page.save_as).read_bytes()  # type: ignore[operator]

    def render_page(self, index: int) -> tuple[str, list | None]:
        """Render one page; return its path and key record: [key, read everything, slugs]."""
        page = self.pages[index]
        reads = Reads()
        html = self._render(page, reads)
        self.write(page.save_as, html.encode("utf-8"))
        if not self.keyed:
            return page.save_as, None
        return page.save_as, self._record(page, reads.everything, sorted(reads.entities))

    def _record(self, page, everything: bool, slugs: list[str]) -> list:
        """The key record of a page that read what `everything` and `slugs` say, on today's inputs.

        A page depends on its inputs (see atlas.site.Page) and on what its template read of the atlas;
        a page without inputs, or whose template read more than some entities, on every assessment.
        """
        inputs = None if everything else self._declared(page)
        if inputs is None:
            return [page_key(self.site, page.save_as, page.template, None, self.data, []), True, []]
        entities = [(slug, self.entities.get(slug, "absent")) for slug in slugs]
        return [page_key(self.site, page.save_as, page.template, inputs, None, entities), False, slugs]

    def _place(self, page) -> dict:
        """A page's own entries in its context: its place in the site, as Pelican's writer gives them."""
        place = {
            "localsiteurl": self.context.get("localsiteurl"),
            "output_file": page.save_as,
            "page_name": page.save_as.removesuffix("index.html"),
            "page_path": page.path,
        }
        if self.relative_urls:  # the way up to the site's root: the same for every page as deep
            depth = page.save_as.count("/")
            root = self.roots.get(depth)
            if root is None:
                root = self.roots[depth] = path_to_url(get_relative_path(page.save_as))
            place["SITEURL"] = place["localsiteurl"] = root
        return place

    def _local(self, page) -> dict:
        """The shared context with the page's language and its place in the site."""
        local = dict(self.context)
        local.update(self.languages.get(page.language, ()))
        local.update(self._place(page))
        return local

    def _render(self, page, reads: Reads) -> str:
        """The page's HTML, from the same local context Pelican's writer would give it."""
        local = self._local(page)
        for name, value in self.watched.items():
            if name == "atlas":
                local[name] = Watched(value, reads, ATLAS_FIXED, ATLAS_LOOKUPS)
            else:
                local[name] = Watched(value, reads)
        context = page.context
        if page.language != SOURCE:
            context = localize_context(context, local["catalog"])
        local.update(context)
        return self.templates.get(page.template, page.language).render(local)

    def announce(self) -> None:
        """Send Pelican's `content_written` for every page, rendered or kept, in page order,
        as Pelican's writer does for each file it writes. The path is the page's place in the output
        folder being built (a kept page's file stays in the previous output, `atlas_kept_from`; an update
        stages a rendered one under another name, see atlas.build.record.staged). The context (a view,
        not a copy) is the shared one with the page's language plus `output_file`,
        `page_name`, `url`, `template`, `atlas_page` (the `Page`: asking for its `context` builds it) and
        `atlas_kept`; the page's own context is not built.
        """
        output, previous = os.path.abspath(self.output), str(self.previous_output)
        for page in self.pages:
            own = self._place(page)
            own["url"] = own["page_name"]
            own["template"] = page.template
            own["atlas_page"] = page
            own["atlas_kept"] = page.save_as in self.kept
            if own["atlas_kept"]:
                own["atlas_kept_from"] = os.path.join(previous, page.save_as)
            local = ChainMap(own, self.languages.get(page.language, {}), self.context)  # not copied
            signals.content_written.send(os.path.join(output, page.save_as), context=local)

    def work_out_inputs(self, indices: list[int]) -> None:
        """Work out the inputs of these pages' keys in this process (what they are made of stays with the
        entities, see Entity.derive), as if their keys had been checked here."""
        for index in indices:
            self.pages[index].inputs.text()

    def render_order(self) -> list[int]:
        """Pages that read many entities first, so the slowest work starts early; each page beside its
        translations, so that a worker rendering one language of it has its context (shared by every
        language) and its contributed notes at hand for the others."""
        pages, first = self.pages, dict[tuple[str, str], int]()
        for index, page in enumerate(pages):
            first.setdefault((page.path, page.template), index)
        return sorted(
            range(len(pages)),
            key=lambda i: (pages[i].template == "entity", first[pages[i].path, pages[i].template]),
        )


def _hash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


_WORKER: list[PageRenderer] = []  # in a forked worker only: the renderer it was started for (`adopt`)


def adopt(renderer: PageRenderer) -> None:
    """A forked worker's start: keep the renderer of the build that forked it (inherited, not pickled),
    and collect garbage as usual (the build paused it in the process that forked this one, where the
    atlas was frozen first: the worker's collections skip it)."""
    _WORKER[:] = [renderer]
    gc.enable()


def render_chunk(indices: list[int]) -> list[tuple[str, list | None]]:
    """In a worker: render some pages of the build that started it."""
    return [_WORKER[0].render_page(index) for index in indices]
