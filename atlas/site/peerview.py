"""The numbers of "beside its peers" as table rows and CSV (the figure is drawn with the page)."""

from __future__ import annotations

from collections.abc import Sequence

from atlas.analysis.answers import SMALL_N
from atlas.analysis.peers import PeerShare
from atlas.model.vocab import LEVELS
from atlas.site.pictures import Picture, number
from atlas.site.picturewords import text

HEADER = ("capacity", "by", "peers", "level", *(f"share_{lv}" for lv in LEVELS), "n", "small")


def peer_picture(shares: Sequence[PeerShare], *, title: str, texts: dict | None = None) -> Picture:
    """One row per capacity and set of peers: the group's level, the peers' share at each level, n."""
    rows = tuple(
        (s.capacity, s.by, s.peers, s.level, *(number(s.share(lv)) for lv in LEVELS), s.n, int(s.small))
        for s in shares
    )
    return Picture(title, text(texts, "peers-alt", title=title, small=SMALL_N), "", HEADER, rows)
