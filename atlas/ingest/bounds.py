"""Real-world bounds: numbers no real group can exceed, dates within the movement's life, and web
addresses that are plain public http(s) addresses. Each rule also has a JSON Schema form here."""

from __future__ import annotations

import datetime as dt
import re

from atlas.ingest.textrules import is_control, text_problem
from atlas.ingest.yamlsource import shown

# The world's population: about 8.3 billion in 2026 (United Nations, World Population Prospects 2024,
# which puts it at 8.2 billion in mid-2025, growing by about 70 million a year). No group serves more.
MAX_POPULATION = 8_300_000_000
# Fewer than a million people edit all Wikimedia projects together in a month; a survey of one group
# cannot have more respondents than that.
MAX_RESPONDENTS = 1_000_000
# Why each bound is what it is, said in the message.
BOUND_REASONS = {
    "population": "the world's population, about 8.3 billion",
    "respondents": "more than everyone who edits Wikimedia projects in a month",
}

MOVEMENT_START = dt.date(2001, 1, 15)  # Wikipedia went online: no assessment can be older
# YYYY-MM-DD on or after 2001-01-15 (whether the day exists is the "date" format's job).
DATE_PATTERN = (
    r"^(?:2001-01-(?:1[5-9]|2[0-9]|3[01])|2001-(?:0[2-9]|1[0-2])-[0-3][0-9]"
    r"|(?:200[2-9]|20[1-9][0-9]|2[1-9][0-9]{2}|[3-9][0-9]{3})-[01][0-9]-[0-3][0-9])$"
)

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TOP = r"(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})"  # a top-level domain: letters, or punycode
HOST = rf"(?:{_LABEL}\.)+{_TOP}"
PORT = r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
_REST = r"(?:[/?#][^\s<>'`\u0000-\u001f\u007f-\u009f" + '"' + r"]*)?"  # no \" escape: editors' regex
URL_PATTERN = rf"^https?://(?=[^/?#:]{{1,253}}(?:[/?#:]|$)){HOST}(?::{PORT})?{_REST}$"
URL_RE, HOST_RE, PORT_RE = re.compile(URL_PATTERN), re.compile(HOST), re.compile(PORT)
AUTHORITY = re.compile(r"^(https?://)([^/?#]*)(.*)$", re.DOTALL)


def not_before_movement(date: dt.date) -> dt.date:
    """Validator: a date on or after the day Wikipedia went online."""
    if date < MOVEMENT_START:
        raise ValueError(
            f"date {date} lies before Wikipedia began on {MOVEMENT_START}; "
            "expected the day the assessment was made"
        )
    return date


def url_problem(field: str, value: str) -> str | None:
    """What is wrong with a web address, if anything: not http(s), credentials, a bad host or port."""
    if any(is_control(ch) for ch in value):
        return text_problem(field, value)
    general = f"'{shown(value)}' is not valid for {field}; expected an http:// or https:// address"
    parts = AUTHORITY.match(value)
    if parts is None:
        return general
    scheme, authority, rest = parts.groups()
    if "@" in authority:
        public = scheme + authority.rpartition("@")[2] + rest
        return (
            f"{field} has a user name or password before '@'; expected the public address without them "
            f"('{shown(public)}')"
        )
    host, colon, port = authority.partition(":")
    if not host:
        return f"{field} has no host name after '{scheme}'; expected a domain name such as wikimedia.org"
    if not HOST_RE.fullmatch(host) or len(host) > 253:
        international = "; write an international name in its xn-- form" if not host.isascii() else ""
        return (
            f"'{shown(host)}' is not a valid host name for {field}; expected a domain name such as "
            f"wikimedia.org (letters, digits and hyphens, with a dot; no IP addresses){international}"
        )
    if colon and not PORT_RE.fullmatch(port):
        return f"port '{shown(port)}' is not valid for {field}; expected a number from 1 to 65535, or none"
    return None if URL_RE.match(value) else general


def web_address(field: str):
    """Validator for `field`: the address, if it is a public http(s) address."""

    def check(value: str) -> str:
        problem = url_problem(field, value)
        if problem:
            raise ValueError(problem)
        return value

    return check
