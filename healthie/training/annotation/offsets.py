"""Character offsets as annotation tools count them.

Python counts code points. JavaScript strings count UTF-16 code units, so a character outside the
Basic Multilingual Plane (most emoji, rare CJK extension characters) counts twice there: doccano
stores such offsets, and so did Label Studio before its text tag counted code points.
"""

from __future__ import annotations

import bisect

CODE_POINTS = "code points"
UTF16 = "utf-16"


class OffsetMap:
    """Code-point offsets of one text to and from UTF-16 offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.astral = any(ord(ch) > 0xFFFF for ch in text)
        self._utf16 = [0]
        if self.astral:
            for ch in text:
                self._utf16.append(self._utf16[-1] + (2 if ord(ch) > 0xFFFF else 1))

    def to_units(self, offset: int, units: str) -> int:
        """The code-point ``offset`` counted in ``units``."""
        return self._utf16[offset] if units == UTF16 and self.astral else offset

    def from_units(self, start: object, end: object, units: str) -> tuple[int, int] | None:
        """Code-point offsets of a span given in ``units``; None when it is outside the text, empty,
        not integers, or cuts a character in half."""
        if type(start) is not int or type(end) is not int:
            return None
        if units == UTF16 and self.astral:
            start, end = self._from_utf16(start), self._from_utf16(end)
            if start is None or end is None:
                return None
        return (start, end) if 0 <= start < end <= len(self.text) else None

    def _from_utf16(self, offset: int) -> int | None:
        index = bisect.bisect_left(self._utf16, offset)
        return index if index < len(self._utf16) and self._utf16[index] == offset else None
