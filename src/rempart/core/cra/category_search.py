"""Finding the Annex III/IV categories a text speaks of: a reading aid, never a classification (core).

The words of the query and of each category (its title; its IR (EU) 2025/2392 technical
description, examples and catalog summary) are compared as **word stems** (the Snowball English
stemmer, so "smartwatches" finds "smartwatch" and "switch" finds "switches"). Acronyms the
catalog spells in capitals keep their plural apart ("TPMs" is the stem "tpm", "HSMs" is "hsm").
Two adjacent words are also tried joined ("smart card" finds "smartcards").

Each stem weighs by how rare it is among the categories (inverse document frequency), so words
every category shares ("product", "digital", "element") count for almost nothing. A stem found
in a category's **title** counts twice what it counts in the descriptions, so for the same words
a title match ranks first; a rare word in a description ("jewellery") still outranks a common
one in a title ("smart").
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import snowballstemmer

from rempart.core.cra.catalog import Catalog
from rempart.core.cra.model import Category

STOP_WORDS = frozenset(
    "a an and are as at be by for from in into is it its of on or such that the their these "
    "this those to which with without".split()
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_ACRONYM_PLURAL = re.compile(r"^[A-Z0-9]{2,}s$")
_STEMMER = snowballstemmer.stemmer("english")
TITLE_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class CategoryMatch:
    """One category a query speaks of, and which of the query's words it matched where."""

    category: Category
    title_score: float
    description_score: float
    in_title: tuple[str, ...]  # query words found in the title
    in_description: tuple[str, ...]  # query words found only in the descriptions

    @property
    def score(self) -> float:
        """A word in the title counts twice what it counts in the descriptions."""
        return round(TITLE_WEIGHT * self.title_score + self.description_score, 3)

    @property
    def matched_in(self) -> str:
        return "title" if self.in_title else "description"


@dataclass(frozen=True, slots=True)
class _Document:
    category: Category
    title: frozenset[str]
    body: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Index:
    documents: tuple[_Document, ...]
    acronyms: frozenset[str]
    idf: dict[str, float]


_CACHE: dict[int, tuple[Catalog, _Index]] = {}


def stems(text: str, acronyms: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``(word, stem)`` pairs of ``text``, stop words left out, in order."""
    known = frozenset(acronyms)
    found: list[tuple[str, str]] = []
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in STOP_WORDS:
            continue
        if _ACRONYM_PLURAL.match(word) or (lower.endswith("s") and lower[:-1] in known):
            found.append((word, lower[:-1]))
        elif lower in known:
            found.append((word, lower))
        else:
            found.append((word, _STEMMER.stemWord(lower)))
    return found


def _acronyms(categories: Iterable[Category]) -> frozenset[str]:
    names: set[str] = set()
    for category in categories:
        for text in (category.title, category.summary, category.technical_description):
            for word in _WORD.findall(text):
                if _ACRONYM_PLURAL.match(word):
                    names.add(word[:-1].lower())
                elif len(word) >= 2 and word.isupper() and word.isalpha():
                    names.add(word.lower())
    return frozenset(names)


def _index(catalog: Catalog) -> _Index:
    cached = _CACHE.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    acronyms = _acronyms(catalog.categories)
    documents = []
    for category in catalog.categories:
        title = frozenset(s for _, s in stems(category.title, acronyms))
        body_text = " ".join((category.technical_description, category.summary, *category.examples))
        body = frozenset(s for _, s in stems(body_text, acronyms))
        documents.append(_Document(category, title, body))
    total = len(documents)
    frequency: dict[str, int] = {}
    for document in documents:
        for stem in document.title | document.body:
            frequency[stem] = frequency.get(stem, 0) + 1
    idf = {stem: math.log((total + 1) / (count + 0.5)) for stem, count in frequency.items()}
    index = _Index(tuple(documents), acronyms, idf)
    _CACHE.clear()  # one catalog at a time in practice; never grow without bound
    _CACHE[id(catalog)] = (catalog, index)
    return index


def _query_terms(text: str, index: _Index) -> list[tuple[str, str]]:
    """The query's stems, plus adjacent words joined ("smart card" -> "smartcard")."""
    pairs = stems(text, index.acronyms)
    joined = []
    for (first, _), (second, _) in itertools.pairwise(pairs):
        stem = _STEMMER.stemWord(f"{first}{second}".lower())
        if stem in index.idf:
            joined.append((f"{first} {second}", stem))
    seen: set[str] = set()
    terms = []
    for word, stem in [*pairs, *joined]:
        if stem not in seen and len(stem) > 1:
            seen.add(stem)
            terms.append((word, stem))
    return terms


def search_categories(catalog: Catalog, text: str, limit: int = 5) -> list[CategoryMatch]:
    """The categories ``text`` speaks of, title matches first, strongest first."""
    index = _index(catalog)
    terms = _query_terms(text[:2000], index)
    matches = []
    for document in index.documents:
        in_title = [(w, s) for w, s in terms if s in document.title]
        in_body = [(w, s) for w, s in terms if s in document.body and s not in document.title]
        if not in_title and not in_body:
            continue
        matches.append(
            CategoryMatch(
                document.category,
                round(sum(index.idf[s] for _, s in in_title), 3),
                round(sum(index.idf[s] for _, s in in_body), 3),
                tuple(w for w, _ in in_title),
                tuple(w for w, _ in in_body),
            )
        )
    matches.sort(key=lambda m: (-m.score, -m.title_score, m.category.id))
    return matches[:limit]
