"""Alpine (apk) versions, also used by Wolfi, Chainguard and other apk distributions (core layer).

Our own implementation: univers orders apk versions with Gentoo's rules, which refuse the apk
suffixes ``_cvs``, ``_svn``, ``_git`` and ``_hg`` (``1.2_git20230101-r0`` is a common Alpine
version), so such components would be "not assessed".

Grammar (apk-tools ``version.c``)::

    number{.number}...{letter}{_suffix{number}}...{~hash}{-r number}

Ordering, as in apk-tools: numbers compare numerically, except that a dotted component with a
leading zero compares as a decimal fraction (``1.02 < 1.1``); pre-release suffixes
``_alpha < _beta < _pre < _rc`` sort before the bare version, and ``_cvs < _svn < _git < _hg
< _p`` after it; ``-rN`` is the package revision. The key is a tuple of ``(rank, value)``
tokens ending in an end marker, arranged so that where two versions first differ in *kind*
of token, the rank alone decides exactly as apk-tools does (a further dotted number beats a
letter, a suffix, a revision or the end; a pre-release suffix loses even against the end).
"""

from __future__ import annotations

import re

from rempart.core.versions.scheme import SortKey, VersionScheme

_VERSION = re.compile(
    r"^(?P<numbers>\d+(?:\.\d+)*)(?P<letter>[a-z]?)"
    r"(?P<suffixes>(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\d*)*)"
    r"(?:~[0-9a-f]+)?(?:-r(?P<revision>\d+))?$"
)
_SUFFIX = re.compile(r"_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)")
_PRE_SUFFIXES = ("alpha", "beta", "pre", "rc")
_POST_SUFFIXES = ("cvs", "svn", "git", "hg", "p")

# token ranks: higher means "greater version" when two versions differ in token kind here
_END, _REVISION, _SUFFIX_NUMBER, _POST, _LETTER, _NUMBER, _PRE = 0, 1, 2, 3, 4, 5, -1


def _number_token(index: int, text: str) -> tuple[int, object]:
    # apk-tools: a component after a dot with a leading zero is compared as a fraction
    if index > 0 and text.startswith("0"):
        return (_NUMBER, (0, text.rstrip("0")))
    return (_NUMBER, (1, int(text)))


def _parse(text: str) -> SortKey | None:
    match = _VERSION.match(text)
    if match is None:
        return None
    tokens: list[tuple[int, object]] = [
        _number_token(i, part) for i, part in enumerate(match["numbers"].split("."))
    ]
    if match["letter"]:
        tokens.append((_LETTER, match["letter"]))
    for name, number in _SUFFIX.findall(match["suffixes"]):
        if name in _PRE_SUFFIXES:
            tokens.append((_PRE, _PRE_SUFFIXES.index(name)))
        else:
            tokens.append((_POST, _POST_SUFFIXES.index(name)))
        if number:
            tokens.append((_SUFFIX_NUMBER, int(number)))
    if match["revision"] is not None:
        tokens.append((_REVISION, int(match["revision"])))
    tokens.append((_END, 0))
    return tuple(tokens)


APK = VersionScheme("Alpine apk", _parse)
