"""Alpine (apk) versions, also used by Wolfi, Chainguard and other apk distributions (core layer).

Our own implementation of apk-tools' ordering (``src/version.c``, GPL-2.0; re-implemented
from its description, not copied). univers orders apk versions with Gentoo's rules, which
refuse the suffixes ``_cvs``/``_svn``/``_git``/``_hg`` and letters followed by digits
(``1.9.5p2-r1``, ``5.1p1-r0``: OpenSSH-style versions common in Alpine), so such components
would be "not assessed".

Grammar accepted here (apk-tools' own grammar, minus forms no package uses)::

    number{.number}...{letter{number{.number}...}}{_suffix{number}}...{~hash}{-r number}

apk compares two versions token by token. Each token has a *type* — digit, digit after a
dot, letter, suffix, suffix number, revision, end — and a value: numbers numerically, a
dotted component with a leading zero as text without trailing zeros, below every plain
number (``1.02 < 1.1``, ``1.0 == 1.00``; apk-tools 2.12+ and Gentoo), a letter by its character, pre-release suffixes ``_alpha < _beta < _pre <
_rc`` below zero and ``_cvs < _svn < _git < _hg < _p`` above. The first differing value
decides. If the values agree up to where the two versions differ in token *type*, a
pending pre-release suffix loses, and otherwise the type that comes earlier in the list
above wins (a further dotted number beats a letter, a suffix, a revision or the end).
Tests: ``tests/core/versions/test_version_suites.py`` replays apk-tools' ``test/version.data``.
"""

from __future__ import annotations

import re
from typing import Any

from rempart.core.versions.scheme import SortKey, VersionScheme

_VERSION = re.compile(
    r"^\d+(?:\.\d+)*(?:[a-z](?:\d+(?:\.\d+)*)?)?"
    r"(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*"
    r"(?:~[0-9a-f]+)?(?:-r\d+)?$"
)
_HASH = re.compile(r"~[0-9a-f]+")
_PRE = ("alpha", "beta", "pre", "rc")
_POST = ("cvs", "svn", "git", "hg", "p")

# token types, in apk's order (a lower type is a "greater" continuation)
_INVALID, _DIGIT_OR_ZERO, _DIGIT, _LETTER, _SUFFIX, _SUFFIX_NO, _REVISION_NO, _END = range(-1, 7)


def _next_type(kind: int, text: str, at: int) -> tuple[int, int]:
    """The type of the token starting at ``at`` after a token of ``kind``, and where it starts."""
    if at >= len(text):
        return _END, at
    char = text[at]
    if kind in (_DIGIT, _DIGIT_OR_ZERO) and char.islower():
        found, start = _LETTER, at
    elif kind == _LETTER and char.isdigit():
        found, start = _DIGIT, at
    elif kind == _SUFFIX and char.isdigit():
        found, start = _SUFFIX_NO, at
    elif char == ".":
        found, start = _DIGIT_OR_ZERO, at + 1
    elif char == "_":
        found, start = _SUFFIX, at + 1
    elif char == "-" and text[at + 1 : at + 2] == "r":
        found, start = _REVISION_NO, at + 2
    else:
        return _INVALID, at
    allowed = (
        (found == _DIGIT_OR_ZERO and kind == _DIGIT)
        or (found == _SUFFIX and kind == _SUFFIX_NO)
        or (found == _DIGIT and kind == _LETTER)
    )
    if found < kind and not allowed:
        return _INVALID, start
    return found, start


def _digits(text: str, at: int) -> tuple[int, int]:
    end = at
    while end < len(text) and text[end].isdigit():
        end += 1
    return (int(text[at:end]) if end > at else 0), end


def _tokens(text: str) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    """(types, values): ``types[i]`` is the type of token ``i``, ``values[i]`` its value;
    ``types`` has one more entry, the end (or invalid) marker after the last token."""
    types: list[int] = [_DIGIT]
    values: list[Any] = []
    kind, at = _DIGIT, 0
    while kind not in (_END, _INVALID):
        if at >= len(text):
            values.append(0)
            types.append(_END)
            break
        value: object
        if kind == _DIGIT_OR_ZERO:
            number, end = _digits(text, at)
            run = text[at:end]
            # a component after a dot with a leading zero compares as text without its
            # trailing zeros (Gentoo's rule, which apk follows): 1.02 < 1.1, 1.0 == 1.00
            value = (0, run.rstrip("0")) if run.startswith("0") else (1, number)
        elif kind in (_DIGIT, _SUFFIX_NO, _REVISION_NO):
            value, end = _digits(text, at)
        elif kind == _LETTER:
            value, end = ord(text[at]), at + 1
        else:  # _SUFFIX
            name = next((s for s in (*_PRE, *_POST) if text.startswith(s, at)), None)
            if name is None:
                values.append(-1)
                types.append(_INVALID)
                break
            value = _PRE.index(name) - len(_PRE) if name in _PRE else _POST.index(name)
            end = at + len(name)
        values.append(value)
        if end >= len(text):
            kind = _END
        else:
            kind, end = _next_type(kind, text, end)
        types.append(kind)
        at = end
    return tuple(types), tuple(values)


class ApkVersion:
    """A parsed apk version; ``<`` and ``==`` follow apk-tools' comparison."""

    __slots__ = ("types", "values")

    def __init__(self, text: str) -> None:
        self.types, self.values = _tokens(text)

    def _compare(self, other: ApkVersion) -> int:
        index, mine, theirs = 0, _DIGIT, _DIGIT
        left = right = 0
        while mine == theirs and mine not in (_END, _INVALID) and left == right:
            left, right = self.values[index], other.values[index]
            index += 1
            mine, theirs = self.types[index], other.types[index]
        if left != right:  # tokens of one type: comparable values
            return -1 if left < right else 1
        if mine == theirs:
            return 0
        # a pending pre-release suffix (negative value) makes its version the smaller one
        if mine == _SUFFIX and self.values[index] < 0:
            return -1
        if theirs == _SUFFIX and other.values[index] < 0:
            return 1
        return -1 if mine > theirs else 1

    def __lt__(self, other: object) -> bool:
        return isinstance(other, ApkVersion) and self._compare(other) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApkVersion) and self._compare(other) == 0

    def __hash__(self) -> int:
        return hash(self.values)


def _parse(text: str) -> SortKey | None:
    if _VERSION.match(text) is None:
        return None
    return ApkVersion(_HASH.sub("", text))


APK = VersionScheme("Alpine apk", _parse)
