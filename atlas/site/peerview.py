"""Beside its peers: for each capacity a group rated, a bar per set of peers (its kind, each of its
regions) split by level, none to high in reading order, the group's own level marked, and the n.

Levels are told by place (always none, low, medium, high in that order, as in the legend), by a
pattern on the group's own level and in words beside each bar, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

from atlas.analysis.answers import SMALL_N
from atlas.analysis.peers import PeerShare
from atlas.model.vocab import LEVELS
from atlas.site.pictures import Picture, attr, escape, number
from atlas.site.picturewords import LEVEL_WORDS, text

HEADER = ("capacity", "by", "peers", "level", *(f"share_{lv}" for lv in LEVELS), "n", "small")


def peer_picture(shares: Sequence[PeerShare], *, title: str, texts: dict | None = None) -> Picture:
    """One row per capacity and set of peers: the group's level, the peers' share at each level, n."""
    rows = tuple(
        (s.capacity, s.by, s.peers, s.level, *[_share(s.levels[lv], s.n) for lv in LEVELS], s.n, int(s.small))
        for s in shares
    )
    return Picture(title, text(texts, "peers-alt", title=title, small=SMALL_N), "", HEADER, rows)


def draw_peers(
    shares: Sequence[PeerShare],
    *,
    ident: str,
    title: str,
    names: Mapping[str, str],
    peer_name: Callable[[str, str], str],
    say: Callable[[PeerShare], str],
    texts: dict | None = None,
    levels: Mapping[str, str] | None = None,
    bars: dict | None = None,
) -> Picture:
    """The figure as HTML: `names` names the capacities, `peer_name(by, peers)` a set of peers and
    `say(share)` tells in words where the group stands in it. `bars` keeps the bars and capacity
    headings drawn so far (one language's): groups of a kind or region at the same level share them."""
    bars = {} if bars is None else bars
    levels = levels or LEVEL_WORDS
    picture = peer_picture(shares, title=title, texts=texts)
    you, few = escape(text(texts, "you")), escape(text(texts, "small-n"))
    parts = [f'<div class="pic pic-peers" id={attr(ident)} role="group" aria-labelledby="{ident}-t">']
    parts.append(f'<p class="visually-hidden" id="{ident}-t">{escape(title)}</p>')
    parts.append('<ul class="pv-key" aria-hidden="true">')
    parts += [f'<li><i class="pv-{lv}"></i>{escape(levels[lv])}</li>' for lv in LEVELS]
    parts.append(f'<li><i class="pv-you"></i>{you}</li></ul><ul class="pv-list">')
    previous = None
    for share in shares:
        if share.capacity != previous:
            if previous is not None:
                parts.append("</li>")
            previous = share.capacity
            head = bars.get((share.capacity, share.level))
            if head is None:
                head = bars[share.capacity, share.level] = (
                    f'<li class="pv-cap" data-capacity={attr(share.capacity)}><span class="pv-name">'
                    f"{escape(names.get(share.capacity, share.capacity))}</span> "
                    f'<span class="level level-{share.level}">{escape(levels[share.level])}</span>'
                )
            parts.append(head)
        key = (share.by, share.peers, share.level, *(share.levels[lv] for lv in LEVELS))
        bar = bars.get(key)
        if bar is None:
            bar = bars[key] = _bar(share, peer_name(share.by, share.peers), say(share), few)
        parts.append(bar)
    if previous is not None:
        parts.append("</li>")
    parts.append("</ul></div>\n")
    return Picture(title, picture.description, "".join(parts), picture.header, picture.rows)


def _bar(share: PeerShare, label: str, said: str, few: str) -> str:
    """One set of peers: its name, where the group stands in words, and the bar (none when no peer)."""
    cells, n = [], share.n
    for level in LEVELS:
        count = share.levels[level]
        if count:
            mine = " pv-you" if level == share.level else ""
            cells.append(f'<i class="pv-{level}{mine}" style="width:{_width(count, n)}%"></i>')
    bar = f'<span class="pv-bar" aria-hidden="true">{"".join(cells)}</span>' if cells else ""
    small = f' <span class="tag">{few}</span>' if share.small and share.n else ""
    return (
        f'<div class="pv-set" data-by="{share.by}"><span class="pv-by" dir="auto">{escape(label)}</span>'
        f'<span class="pv-say">{escape(said)}{small}</span>{bar}</div>'
    )


@cache
def _share(count: int, n: int) -> str:
    """A share as the CSV writes it (atlas.site.pictures.number of count / n), blank when n is 0."""
    return number(count / n) if n else ""


@cache
def _width(count: int, n: int) -> str:
    return number(count / n * 100, 1)
