"""Packagist (Composer) versions: PHP ``version_compare`` on Composer-normalised strings.

Our own implementation: univers' ``ComposerVersion`` is plain SemVer and refuses common
Composer versions such as ``1.0.0.0``, ``2.1`` or ``1.0-beta1``.

Composer normalises a version before comparing it (``VersionParser::normalize``): a leading
``v`` is dropped and the numeric release is padded to four parts (``v2.1 -> 2.1.0.0``). The
comparison itself is PHP's ``version_compare`` (php-src ``ext/standard/versioning.c``):

- ``-``, ``_`` and ``+`` become ``.``, and a ``.`` is inserted wherever digits and non-digits
  meet (``1.0rc1 -> 1.0.rc.1``);
- parts compare left to right; two numbers numerically; otherwise by the special-form order
  ``any other string < dev < alpha = a < beta = b < RC = rc < # < pl = p``, where ``#`` stands
  for a number and a string ranks by the first form it *starts with* (so ``patch`` is ``p``);
- when one version runs out, its missing part counts as ``#``: ``1.0 > 1.0rc1`` but
  ``1.0 < 1.0pl1`` and ``1.0 < 1.0.1``.

The key is a tuple of ``(rank, number)`` parts closed by ``(4, -1)``: the closing part ranks
like a number (``#``) yet sorts below every real number, which reproduces the "runs out" rule
with plain tuple comparison.
"""

from __future__ import annotations

import re

from rempart.core.versions.scheme import SortKey, VersionScheme

# PHP checks the forms in this order with a prefix match (strncmp).
_SPECIAL_FORMS = (
    ("dev", 0),
    ("alpha", 1),
    ("a", 1),
    ("beta", 2),
    ("b", 2),
    ("RC", 3),
    ("rc", 3),
    ("#", 4),
    ("pl", 5),
    ("p", 5),
)
_NUMBER_RANK = 4
_END = (_NUMBER_RANK, -1)
_VALID = re.compile(r"^[vV]?[0-9A-Za-z][0-9A-Za-z._+-]*$")
_RELEASE = re.compile(r"^(\d+(?:\.\d+)*)(.*)$")


def _special_rank(part: str) -> int:
    for form, rank in _SPECIAL_FORMS:
        if part.startswith(form):
            return rank
    return -1


def _canonical_parts(text: str) -> list[str]:
    text = re.sub(r"[-_+]", ".", text)
    text = re.sub(r"(?<=\d)(?=[^\d.])|(?<=[^\d.])(?=\d)", ".", text)
    return [part for part in text.split(".") if part]


def _composer_normalise(text: str) -> str:
    text = text[1:] if text[:1] in ("v", "V") else text
    match = _RELEASE.match(text)
    if match is None:
        return text
    numbers = match[1].split(".")
    numbers += ["0"] * (4 - len(numbers))
    return ".".join(numbers) + match[2]


def _parse(text: str) -> SortKey | None:
    if _VALID.match(text) is None:
        return None
    parts = _canonical_parts(_composer_normalise(text))
    if not parts:
        return None
    key = [
        (_NUMBER_RANK, int(part)) if part.isdigit() else (_special_rank(part), 0) for part in parts
    ]
    key.append(_END)
    return tuple(key)


PACKAGIST = VersionScheme("Composer", _parse)
