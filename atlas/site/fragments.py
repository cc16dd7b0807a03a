"""The small pieces of HTML every page repeats hundreds of times, as template globals written in Python.

A level badge or a map cell appears up to 40,000 times in a 1,000-community build; as Jinja macros they
cost most of the rendering time. These functions write the same markup, escaping every value they insert,
and return Markup so that templates use them like the macros they replace.
"""

from __future__ import annotations

from functools import cache, lru_cache
from weakref import WeakKeyDictionary

from jinja2 import pass_context
from markupsafe import Markup, escape

from atlas.site.languages import SOURCE
from atlas.site.notes import render_note
from atlas.site.timeline import sparkline
from atlas.site.words import Words
from atlas.site.words import for_language as words_for


def _text(value) -> str:
    """`value` as HTML text, exactly as markupsafe.escape writes it; quicker for plain strings, which
    are nearly all the values inserted here."""
    if type(value) is not str:
        return str(escape(value))
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _words(value: str) -> str:
    """Text between tags, escaped as it needs to be there (quotes may stay)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_ATTRIBUTES: WeakKeyDictionary = WeakKeyDictionary()  # each current rating's, while it exists


@lru_cache(maxsize=1 << 16)
def _name(name: str) -> str:
    """A contributed name as HTML text, escaped once though it is linked from many pages."""
    return _text(name)


class Fragments:
    """The fragments in one language (see atlas.site.words.Words); `functions` are what templates call."""

    def __init__(self, words: Words):
        self.w = w = words
        _ = w._
        # each message outside the f-strings, where extraction can see it
        not_rated, nobody = _("not rated"), _("nobody yet")
        self.not_rated = Markup(f'<span class="muted">{_text(not_rated)}</span>')
        self.blank_cell = Markup(
            '<td class="cell cell-blank"><span aria-hidden="true">·</span>'
            f'<span class="visually-hidden">{_text(_("not assessed"))}</span></td>'
        )
        self.nobody = f'<span class="muted">{_text(nobody)}</span>'
        self.stale_tag = f' <span class="tag tag-stale">{_text(_("stale"))}</span>'
        self.fragile_tag = f' <span class="tag tag-fragile">{_text(_("fragile"))}</span>'
        self.one_person = _text(_("one person"))
        self.provisional = _text(_("provisional"))
        self.robustness_label = _text(_("Robustness"))
        self.initials = {  # a letter the map's legend explains
            "high": w.pgettext("initial of the level high in a map cell", "H"),
            "medium": w.pgettext("initial of the level medium in a map cell", "M"),
            "low": w.pgettext("initial of the level low in a map cell", "L"),
            "none": "0",
        }
        self._cells: dict = {}
        self._badges: dict = {}
        self._provenances: WeakKeyDictionary = WeakKeyDictionary()
        self._robustness: dict = {}
        self._reasons: dict[tuple, str] = {}  # why a peer is suggested, by reason
        self.functions = {
            name: getattr(self, name)
            for name in (
                "level_badge", "entity_link", "who", "rating_attrs", "rating_row", "rater_item", "gap_peers",
                "path_row", "history_row", "map_row", "member_item", "community_row", "level_initial",
            )
        }  # fmt: skip

    def level_badge(self, level: str) -> Markup:
        """A level as a coloured word."""
        found = self._badges.get(level)  # four levels, written tens of thousands of times
        if found is None:
            found = Markup(f'<span class="level level-{_text(level)}">{_text(self.w.level(level))}</span>')
            self._badges[level] = found
        return found

    def level_initial(self, level: str) -> str:
        """A level's letter in a map cell (0 for none)."""
        return self.initials[level]

    def robustness_text(self, robustness: str | None) -> Markup:
        """A robustness rating, or 'not rated'."""
        if not robustness:
            return self.not_rated
        found = self._robustness.get(robustness)
        if found is None:
            shown = _text(self.w.robustness(robustness))
            found = Markup(f'<span class="robustness robustness-{_text(robustness)}">{shown}</span>')
            self._robustness[robustness] = found
        return found

    @pass_context
    def entity_link(self, context, entity, attributes: str = "") -> Markup:
        """A link to a community's page, its name isolated for right-to-left scripts (`attributes`: more
        of them, already escaped)."""
        href = f"{context.get('SITEURL', '')}/{context['urls'].entity(entity.slug)}"
        return Markup(f'<a href="{_text(href)}" dir="auto"{attributes}>{_name(entity.name)}</a>')

    def map_cell(self, rating) -> Markup:
        """One cell of the map: the level's initial (0 for none), ! when fragile, * when stale."""
        if not rating:
            return self.blank_cell
        key = (rating.level, rating.fragile, rating.stale)
        found = self._cells.get(key)  # a few kinds of cell, each written thousands of times
        if found is None:
            found = self._cells[key] = self._map_cell(*key)
        return found

    def _map_cell(self, level: str, fragile: bool, stale: bool) -> Markup:
        short = _text(self.initials[level])
        marks = ("!" if fragile else "") + ("*" if stale else "")
        said = self.w.level(level)
        if fragile and stale:
            said = self.w._("%(level)s, fragile, stale", level=said)
        elif fragile:
            said = self.w._("%(level)s, fragile", level=said)
        elif stale:
            said = self.w._("%(level)s, stale", level=said)
        striped = " is-stale" if stale else ""
        return Markup(
            f'<td class="cell level-{_text(level)}{striped}"><span aria-hidden="true">{short}{marks}</span>'
            f'<span class="visually-hidden">{_text(said)}</span></td>'
        )

    @pass_context
    def map_row(self, context, entity, capacities, ratings: dict) -> Markup:
        """One community's row of a category's map: its link, then a cell per capacity."""
        cells = "".join(self.map_cell(ratings.get(cap.id)) for cap in capacities)
        return Markup(
            f'<tr data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}">'
            f'<th scope="row">{self.entity_link(context, entity)}</th>{cells}</tr>'
        )

    def rating_attrs(self, rating) -> Markup:
        """The data attributes the page's filters read from a rating's row."""
        found = _ATTRIBUTES.get(rating)  # the same in every language, on a group's and a capacity's page
        if found is None:
            snapshot, entity = rating.snapshot, rating.entity
            single = rating.single_person and snapshot.consultation == "survey"
            consultation = "single-person" if single else snapshot.consultation
            found = _ATTRIBUTES[rating] = Markup(
                f'data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}" '
                f'data-level="{_text(rating.level)}" data-stale="{"true" if rating.stale else "false"}" '
                f'data-consultation="{_text(consultation)}" data-status="{_text(snapshot.status)}"'
            )
        return found

    def who(self, snapshot) -> Markup:
        """Whose view a snapshot records."""
        w = self.w
        if snapshot.consultation == "survey" and snapshot.respondents:
            return Markup(_words(w._("survey, n=%(count)s", count=w.number(snapshot.respondents))))
        return Markup(_words(w.consultation_names.get(snapshot.consultation, snapshot.consultation)))

    def provenance(self, rating) -> Markup:
        """When a rating was made, how old it is and whose view it is, with its trust tags."""
        found = self._provenances.get(rating)  # written on the group's page and on the capacity's
        if found is None:
            found = self._provenances[rating] = self._provenance(rating)
        return found

    def _provenance(self, rating) -> Markup:
        day = rating.date.isoformat()
        text = _text(self.w._("rated %(date)s (%(age)s) · %(who)s", date="\0", age="\1", who="\2"))
        text = (
            text.replace("\0", f'<time datetime="{day}">{_text(self.w.date(rating.date))}</time>')
            .replace("\1", _text(self.w.age_text(rating.age_days)))
            .replace("\2", self.who(rating.snapshot))
        )
        text = f'<span class="provenance">{text}</span>'
        if rating.stale:
            text += self.stale_tag
        if rating.single_person:
            text += f' <span class="tag tag-single">{self.one_person}</span>'
        if rating.provisional:
            text += f' <span class="tag tag-provisional">{self.provisional}</span>'
        return Markup(text)

    @pass_context
    def rating_row(self, context, cap, rating, latest) -> Markup:
        """A community page's row for one current rating: capacity, level, robustness, provenance, notes."""
        w = self.w
        href = _text(f"{context.get('SITEURL', '')}/{context['urls'].capacity(cap.id)}")
        fragile = self.fragile_tag if rating.fragile else ""
        by = rating.snapshot.assessed_by
        earlier = ""
        if rating.snapshot is not latest:
            said = _text(w._("by %(name)s", name="\0")).replace("\0", f"<bdi>{_text(by)}</bdi>")
            earlier = f'<br><span class="muted">{said}</span>'
        given = rating.rating
        notes = Markup("")
        if given.note:  # contributed text, in whatever direction its script runs
            notes = Markup('<div dir="auto">{}</div>').format(render_note(given.note))
        if given.idea:
            notes += Markup('<p><strong>{}</strong> <span dir="auto">{}</span></p>').format(
                w._("Idea:"), given.idea
            )
        if given.support_wanted:
            notes += Markup('<p><span class="tag tag-help">{}</span></p>').format(
                w._("would welcome support")
            )
        return Markup(
            f'<tr id="{_text(cap.id)}" {self.rating_attrs(rating)}>\n'
            f'<th scope="row"><a href="{href}">{_text(cap.name)}</a></th>\n'
            f"<td>{self.level_badge(rating.level)}{fragile}</td>\n"
            f'<td data-label="{self.robustness_label}">{self.robustness_text(rating.robustness)}</td>\n'
            f"<td>{self.provenance(rating)}{earlier}</td>\n"
            f'<td class="note">{notes}</td>\n'
            "</tr>"
        )

    @pass_context
    def rater_item(self, context, rating) -> Markup:
        """A capacity page's item for one community's current rating of it."""
        fragile = self.fragile_tag if rating.fragile else ""
        said = _text(self.w._("robustness %(robustness)s", robustness="\0"))
        said = said.replace("\0", self.robustness_text(rating.robustness))
        return Markup(
            f'<li {self.rating_attrs(rating)} data-name="{_text(rating.entity.name)}" '
            f'data-date="{rating.date.isoformat()}">{self.entity_link(context, rating.entity)} '
            f'<span class="muted">· {said} · {self.provenance(rating)}</span>'
            f"{fragile}</li>"
        )

    def _why(self, peer) -> str:
        """Why a peer is suggested, in words (said once per reason, language and process)."""
        key = (peer.same_region, peer.languages, peer.near, peer.rating.stale)
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = self._reason(peer)
        return found

    def _reason(self, peer) -> str:
        w = self.w
        shares = ""
        if peer.languages:  # the languages' codes, listed as the language lists things
            listed = w.list_separator.join(peer.languages)
            count = len(peer.languages)
            shares = w.n_("shares %(languages)s", "shares %(languages)s", count, languages=listed)
        if peer.same_region:
            why = w._("same region, %(shares)s", shares=shares) if shares else w._("same region")
        else:
            why = shares
        why += "" if peer.near else w._("elsewhere")
        return w._("%(why)s; rating stale", why=why) if peer.rating.stale else why

    @pass_context
    def gap_peers(self, context, cap, rating, found) -> Markup:
        """A community page's entry for one gap: the capacity, and the peers who could help (see
        Matchmaker)."""
        site, urls = context.get("SITEURL", ""), context["urls"]
        peers = []
        for peer in found:
            link = self.entity_link(context, peer.entity, f' data-peer="{_text(peer.entity.slug)}"')
            peers.append(f'{link} <span class="muted">({_text(self._why(peer))})</span>')
        href = _text(f"{site}/{urls.capacity(cap.id)}#mentors")
        listed = self.w.clause_separator.join(peers) or self.nobody
        return Markup(
            f'<dt><a href="{href}">{_text(cap.name)}</a> ({_text(self.w.level(rating.level))})</dt>\n'
            f'<dd data-capacity="{_text(cap.id)}">{listed}</dd>'
        )

    def path_row(self, cap, path, first, last) -> Markup:
        """A community page's row for one capacity rated more than once: its path and latest change."""
        w, since = self.w, path.since
        levels = f" {w.arrow} ".join(w.level(step.level) for step in path.steps)
        said = _text(w._("%(level)s since %(date)s", level=w.level(path.current.level), date="\0"))
        said = said.replace("\0", f'<time datetime="{since.isoformat()}">{_text(w.date(since))}</time>')
        return Markup(
            f'<tr data-capacity="{_text(path.capacity)}" data-direction="{_text(path.direction)}">\n'
            f'<th scope="row">{_text(cap.name)}</th>\n'
            f"<td>{sparkline(path.steps, first, last)} "
            f'<span class="path-text">{_text(levels)}</span></td>\n'
            f"<td>{_text(w.direction_names[path.direction])}</td>\n"
            f"<td>{said}</td>\n"
            "</tr>"
        )

    def trust_tags(self, snapshot) -> str:
        """Tags for a session that records one person's view, is a survey or is provisional."""
        tags = f' <span class="tag">{self.one_person}</span>' if snapshot.consultation == "individual" else ""
        if snapshot.consultation == "survey":
            tags += f' <span class="tag">{self.who(snapshot)}</span>'
        if snapshot.status == "provisional":
            tags += f' <span class="tag">{self.provisional}</span>'
        return tags

    @pass_context
    def member_item(self, context, entity) -> Markup:
        """A region page's item for one member: its link, kind and latest session."""
        latest = entity.snapshots[-1]
        day = latest.date.isoformat()
        stale = "true" if context["is_stale"](latest.date) else "false"
        said = _text(self.w._("latest %(date)s", date="\0"))
        said = said.replace("\0", f'<time datetime="{day}">{_text(self.w.date(latest.date))}</time>')
        return Markup(
            f'<li data-kind="{_text(entity.kind)}" data-stale="{stale}" data-name="{_text(entity.name)}" '
            f'data-date="{day}">{self.entity_link(context, entity)} <span class="muted">· '
            f"{_text(self.w.kind_names[entity.kind])} · {said}</span>"
            f"{self.trust_tags(latest)}</li>"
        )

    @pass_context
    def community_row(self, context, entity, rated: int) -> Markup:
        """The communities list's row for one community: kind, regions, latest session, capacities rated."""
        w, latest = self.w, entity.snapshots[-1]
        day = latest.date.isoformat()
        stale = context["is_stale"](latest.date)
        site, regions, urls = context.get("SITEURL", ""), context["catalog"].regions, context["urls"]
        links = w.clause_separator.join(
            f'<a href="{_text(f"{site}/{urls.region(region)}")}">{_text(regions[region].name)}</a>'
            for region in entity.regions
        )
        return Markup(
            f'<tr data-region="{_text(" ".join(entity.regions))}" data-kind="{_text(entity.kind)}" '
            f'data-stale="{"true" if stale else "false"}">\n'
            f'<th scope="row">{self.entity_link(context, entity)}</th>\n'
            f"<td>{_text(w.kind_names[entity.kind])}</td>\n"
            f"<td>{links}</td>\n"
            f'<td data-value="{day}" data-label="{_text(w._("Latest assessment"))}">'
            f'<time datetime="{day}">{_text(w.date(latest.date))}</time>'
            f"{self.stale_tag if stale else ''}{self.trust_tags(latest)}</td>\n"
            f'<td class="num" data-label="{_text(w._("Capacities rated"))}">{w.number(rated)}</td>\n'
            "</tr>"
        )

    def history_row(self, cap, snapshots) -> Markup:
        """A capacity's level in each assessment session (a blank cell where it was not rated)."""
        cells = "".join(
            f"<td>{self.level_badge(rating.level) if (rating := snap.ratings.get(cap.id)) else ''}</td>"
            for snap in snapshots
        )
        return Markup(f'<tr><th scope="row">{_text(cap.name)}</th>{cells}</tr>')


def for_language(language: str) -> Fragments:
    """The fragments of one language (made once per process and words)."""
    return _fragments(words_for(language))


@cache
def _fragments(w: Words) -> Fragments:
    return Fragments(w)


for_language.cache_clear = _fragments.cache_clear  # type: ignore[attr-defined]


# What templates call, in English; a page in another language gets its own (see `for_language`).
FRAGMENTS = for_language(SOURCE).functions
