"""Rules for contributed free text: no control characters (however the YAML wrote them), something
visible once spaces and invisible characters are removed, and Unicode in one form (NFC).

The same rules, as far as a regular expression can say them, go into the JSON Schema as patterns.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, Field

# Categories of characters that show nothing: format characters (zero-width space and joiners, the
# byte-order mark, soft hyphen, bidi marks), spaces, line and paragraph separators, control characters.
INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}
# Letters and symbols that are drawn as nothing although their category says otherwise.
INVISIBLE_EXTRA = {
    "\u034f",  # combining grapheme joiner (Mn)
    "\u115f",  # Hangul choseong filler (Lo)
    "\u1160",  # Hangul jungseong filler (Lo)
    "\u2800",  # braille pattern blank (So)
    "\u3164",  # Hangul filler (Lo)
    "\uffa0",  # halfwidth Hangul filler (Lo)
}
# How YAML writes a control character inside double quotes, for the hint.
ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 27: "\\e"}
MAX_LISTED = 3  # invisible characters named in a message


def is_control(character: str, lines: bool = False) -> bool:
    """A control character (category Cc); a line feed counts as text where `lines` are allowed."""
    return unicodedata.category(character) == "Cc" and not (lines and character == "\n")


def is_invisible(character: str) -> bool:
    """A character that shows nothing on its own: a space, a format or control character, a filler."""
    return unicodedata.category(character) in INVISIBLE_CATEGORIES or character in INVISIBLE_EXTRA


def escape_of(character: str) -> str:
    """How the character is written as an escape in a double-quoted YAML string."""
    code = ord(character)
    return ESCAPES.get(code) or (f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}")


def text_problem(field: str, value: str, lines: bool = False) -> str | None:
    """What is wrong with a free-text value, if anything."""
    control = next((ch for ch in value if is_control(ch, lines)), None)
    if control is not None:
        allowed = "printable text and line breaks" if lines else "printable text"
        return (
            f'{field} has control character U+{ord(control):04X} (written "{escape_of(control)}" '
            f"in quotes); expected {allowed}: remove it"
        )
    if all(is_invisible(ch) for ch in value):
        found = list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in value))
        listed = ", ".join(found[:MAX_LISTED]) + (", ..." if len(found) > MAX_LISTED else "")
        return f"{field} has no visible character (only {listed}); expected some visible text"
    return None


def _checker(field: str, lines: bool):
    def check(value: str) -> str:
        problem = text_problem(field, value, lines)
        if problem:
            raise ValueError(problem)
        return unicodedata.normalize("NFC", value)

    return check


def _ranges(characters: list[int]) -> str:
    """A regular-expression character class body for these code points, as \\uXXXX ranges."""
    parts, start = [], None
    for index, code in enumerate(characters):
        if start is None:
            start = code
        if index + 1 == len(characters) or characters[index + 1] != code + 1:
            parts.append(f"\\u{start:04x}" if start == code else f"\\u{start:04x}-\\u{code:04x}")
            start = None
    return "".join(parts)


@cache
def text_pattern(lines: bool = False) -> str:
    """The rules as a pattern (Basic Multilingual Plane only, as every editor's regex engine reads
    \\uXXXX): no control character, and at least one visible one."""
    controls = [c for c in range(0x10000) if is_control(chr(c), lines)]
    invisible = [c for c in range(0x10000) if is_invisible(chr(c)) and not (0xD800 <= c < 0xE000)]
    return f"^[^{_ranges(controls)}]*[^{_ranges(invisible)}][^{_ranges(controls)}]*$"


def text(field: str, *, lines: bool = False, **limits) -> object:
    """A free-text type for `field`: checked, normalised to NFC, with its pattern in the schema."""
    pattern = text_pattern(lines)
    return Annotated[
        str,
        Field(**limits),
        AfterValidator(_checker(field, lines)),
        Field(json_schema_extra={"pattern": pattern}),
    ]
