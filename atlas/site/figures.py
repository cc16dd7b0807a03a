"""The pictures of a page in one language: drawn from the numbers in the page's context and shown as a
figure with its title, its text alternative, its numbers in a table (in a <details>) and a link to its
data as CSV (written once, beside the page: see `picture_files`).

Templates call these as `figures.profile(...)` and so on; each takes plain numbers from the page's
context, so a page's declared inputs still cover everything it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from atlas.analysis.peers import PeerShare
from atlas.model.catalog import Catalog
from atlas.site.maps import country_names, draw_map
from atlas.site.names import N_
from atlas.site.peerview import draw_peers
from atlas.site.picturedata import capacity_map_values
from atlas.site.pictures import Picture, escape
from atlas.site.picturewords import picture_texts
from atlas.site.profile import draw_profile
from atlas.site.timeline import draw_changes
from atlas.site.words import Words

PEER_SETS = ("kind", "region")


class Figures:
    """The pictures in the language of `w`, with the catalog in that language."""

    def __init__(self, w: Words, catalog: Catalog):
        self.w, self.catalog = w, catalog
        self.texts = picture_texts(w)
        self.names = {cap_id: cap.name for cap_id, cap in catalog.capacities.items()}
        self.categories = {category.id: category.name for category in catalog.categories}
        self.regions = {region_id: region.name for region_id, region in catalog.regions.items()}
        self._cells: dict[tuple, str] = {}  # table cells written so far, by column and value
        self._rows: dict[tuple, str] = {}  # table rows written so far, by columns and values
        self._bars: dict[tuple, str] = {}  # the peers' bars drawn so far (see draw_peers)
        self._tiles: dict[tuple, str] = {}  # the profiles' tiles drawn so far (see draw_profile)

    # -- a group's page --------------------------------------------------------------------------

    def profile(self, current: Mapping, csv: str) -> Markup:
        """The whole catalog by category: each capacity's level and robustness, or blank."""
        title = self.w._("Every capacity of the catalog, by category: level and robustness")
        picture = draw_profile(
            self.catalog, current, ident="profile", title=title, names=self.names,
            category_names=self.categories, texts=self.texts, levels=self.w.level_names,
            robustness=self.w.robustness_names, tiles=self._tiles,
        )  # fmt: skip
        return self._figure(picture, csv, shown_alt=True)

    def peers(self, shares: Sequence[PeerShare], kind: str, csv: str) -> Markup:
        """Where the group stands beside groups of its kind and of its regions, capacity by capacity."""
        w = self.w
        title = w._("Other groups of the same kind and of the same region, at each level")
        kind_name = w.kind_names.get(kind, kind)

        def peer_name(by: str, peers: str) -> str:
            return kind_name if by == "kind" else self.regions.get(peers, peers)

        def say(share: PeerShare) -> str:
            if not share.n:
                return w._("no other group has rated it")
            return w.n_(
                "%(count)s peer: %(above)s higher, %(same)s the same, %(below)s lower",
                "%(count)s peers: %(above)s higher, %(same)s the same, %(below)s lower",
                share.n, above=w.number(share.above), same=w.number(share.levels[share.level]),
                below=w.number(share.below),
            )  # fmt: skip

        picture = draw_peers(
            shares, ident="peers", title=title, names=self.names, peer_name=peer_name, say=say,
            texts=self.texts, levels=w.level_names, bars=self._bars,
        )  # fmt: skip
        return self._figure(picture, csv, shown_alt=True, peer_name=peer_name)

    def changes(self, history: Mapping, dates: Sequence[dt.date], csv: str) -> Markup:
        """How the levels of the capacities that changed went from snapshot to snapshot."""
        title = self.w._("Change over time: the capacities whose level changed")
        picture = draw_changes(
            self.catalog, history, dates, ident="changes", title=title, names=self.names, texts=self.texts,
            levels=self.w.level_names,
        )  # fmt: skip
        return self._figure(picture, csv)

    # -- maps ------------------------------------------------------------------------------------

    def groups_by_region(self, counts: Mapping[str, int], csv: str) -> Markup:
        title = self.w._("Groups assessed, by region")
        return self._map(dict(counts), csv, ident="map-regions", title=title, by="region")

    def groups_by_country(self, counts: Mapping[str, int], csv: str) -> Markup:
        title = self.w._("Groups assessed, by the countries they name")
        return self._map(dict(counts), csv, ident="map-countries", title=title)

    def capacity_by_region(self, name: str, tallies: Mapping[str, tuple[int, int]], csv: str) -> Markup:
        """The share of a region's groups that rated the capacity medium or high, of those that rated it."""
        title = self.w._("%(capacity)s: share of groups at medium or high, by region", capacity=name)
        values = capacity_map_values(dict(tallies))
        return self._map(values, csv, ident="map-capacity", title=title, by="region", share=True)

    def region_countries(
        self, name: str, counts: Mapping[str, int], focus: Sequence[str], csv: str
    ) -> Markup:
        title = self.w._("%(region)s: groups assessed, by the countries they name", region=name)
        return self._map(dict(counts), csv, ident="map-region", title=title, focus=tuple(focus) or None)

    def _map(self, values: dict, csv: str, **how) -> Markup:
        by = how.get("by", "country")
        names = self.regions if by == "region" else country_names(self.w.language)
        picture = draw_map(values, names=names, texts=self.texts, locale=self.w.language, **how)
        return self._figure(picture, csv, names=names)

    # -- the figure around a picture ------------------------------------------------------------

    def _figure(self, picture: Picture, csv: str, shown_alt: bool = False, **how) -> Markup:
        w = self.w
        said = picture.description.removeprefix(f"{picture.title}. ")  # the title is just above
        alt = f'<p class="pic-alt">{escape(said)}</p>' if shown_alt else ""
        table = self._table(picture, **how)
        caption, download = w._("The numbers of this picture"), w._("This picture’s data (CSV)")
        return Markup(
            f'<figure class="picture"><figcaption class="pic-title">{escape(picture.title)}</figcaption>'
            f'{alt}{picture.markup}<details class="pic-numbers"><summary>{escape(caption)}</summary>'
            f'<div class="table-scroll" tabindex="0" role="region" aria-label="{escape(caption)}">{table}'
            f'</div></details><p class="pic-data"><a class="download" href="{escape(csv)}" download>'
            f"{escape(download)}</a></p></figure>\n"
        )

    def _table(self, picture: Picture, names: Mapping[str, str] | None = None, peer_name=None) -> str:
        """The picture's rows as a table, ids and numbers in words of the language (cells repeat a lot
        from page to page: each is written once per column and value)."""
        header = picture.header
        shown = [i for i, column in enumerate(header) if column not in ("name", "by", "small")]
        heads = "".join(f'<th scope="col">{escape(self._heading(header[i]))}</th>' for i in shown)
        share = "n" in header and "value" in header
        by, small = (header.index("by"), header.index("small")) if "by" in header else (0, 0)
        cells, rows, body = self._cells, self._rows, []
        for row in picture.rows:
            written = rows.get((header, share, row))
            if written is not None:
                body.append(written)
                continue
            parts = []
            for position, i in enumerate(shown):
                column, value = header[i], row[i]
                key = (column, value, row[by], row[small]) if column == "peers" else (column, value, share)
                found = cells.get(key)
                if found is None:
                    if column == "peers" and peer_name is not None:
                        said = peer_name(row[by], value)
                        found = f"{said} ({self.w._('few peers')})" if row[small] else said
                    else:
                        found = self._cell(column, value, names, share)
                    found = cells[key] = escape(found)
                parts.append(f'<th scope="row">{found}</th>' if position == 0 else f"<td>{found}</td>")
            body.append(rows.setdefault((header, share, row), "<tr>" + "".join(parts) + "</tr>"))
        return f'<table class="numbers"><thead><tr>{heads}</tr></thead><tbody>{"".join(body)}</tbody></table>'

    def _heading(self, column: str) -> str:
        w = self.w
        if column.startswith("share_"):
            return w._("share at %(level)s", level=w.level(column.removeprefix("share_")))
        return w._(HEADINGS[column])

    def _cell(self, column: str, value, names: Mapping[str, str] | None, share: bool) -> str:
        w = self.w
        if value is None or value == "":
            return w._("not assessed") if column == "level" else "–"
        if column == "category":
            return self.categories.get(value, value)
        if column == "capacity":
            return self.names.get(value, value)
        if column == "level":
            return w.level(value)
        if column == "robustness":
            return w.robustness(value)
        if column in ("region", "country"):
            return (names or {}).get(value, value)
        if column.startswith("share_") or (column == "value" and share):
            return w.percent(float(value))
        if column == "date":
            return w.date(dt.date.fromisoformat(value))
        return w.number(float(value) if "." in str(value) else int(value))


HEADINGS = {
    "category": N_("Category"),
    "capacity": N_("Capacity"),
    "level": N_("Level"),
    "robustness": N_("Robustness"),
    "peers": N_("Peers"),
    "n": N_("Groups counted"),
    "date": N_("Date"),
    "region": N_("Region"),
    "country": N_("Country"),
    "value": N_("Value"),
}
