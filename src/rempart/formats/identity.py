"""Normalizing the identity fields both SBOM formats share (adapter layer).

Package URLs, CPE names, hashes and licence expressions are written differently by every
tool; the CycloneDX and SPDX readers both pass them through these functions, so one
component reads the same whichever format carried it.

Severity policy (documented in docs/decisions/0002-sbom-ingest.md): a malformed identity
field never refuses the whole SBOM — the rest of the document is still useful — but it is
dropped from the component and reported as a located warning, so the quality report and
the scan coverage count that component as "not identifiable" instead of matching it by a
guessed name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from license_expression import get_license_index
from packageurl import PackageURL

from rempart.core.component import Hash
from rempart.formats.errors import WarningLog

# CPE 2.3 formatted string (NISTIR 7695 §6.2) and the CPE 2.2 URI binding.
_CPE23 = re.compile(
    r"^cpe:2\.3:[aho*\-](:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!\"#$%&'()+,/:;<=>@\[\]^`{|}~]))+"
    r"(\?*|\*?))|[*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[*\-]))"
    r"(:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!\"#$%&'()+,/:;<=>@\[\]^`{|}~]))+(\?*|\*?))|[*\-])){4}$"
)
_CPE22 = re.compile(r"^[cC][pP][eE]:/[AHOaho]?(:[A-Za-z0-9._\-~%]*){0,6}$")
_HEX_DIGITS = "0123456789abcdefABCDEF"
_LICENSE_REF_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")
# characters an SPDX licence expression may contain (SPDX 2.3 Annex D): anything else is
# free text, refused without asking license-expression (which crashes on some of it)
_LICENSE_CHARS = re.compile(r"^[A-Za-z0-9.\-+:_() ]+$")

# Both vocabularies onto one spelling: CycloneDX "SHA-256"/"SHA3-256", SPDX "SHA256"/"SHA3_256".
_HASH_NAMES = {
    "MD2": "MD2",
    "MD4": "MD4",
    "MD5": "MD5",
    "MD6": "MD6",
    "SHA1": "SHA-1",
    "SHA224": "SHA-224",
    "SHA256": "SHA-256",
    "SHA384": "SHA-384",
    "SHA512": "SHA-512",
    "SHA3256": "SHA3-256",
    "SHA3384": "SHA3-384",
    "SHA3512": "SHA3-512",
    "BLAKE2B256": "BLAKE2B-256",
    "BLAKE2B384": "BLAKE2B-384",
    "BLAKE2B512": "BLAKE2B-512",
    "BLAKE3": "BLAKE3",
    "ADLER32": "ADLER32",
}


def canonical_purl(raw: str, location: str, log: WarningLog) -> str | None:
    """The canonical form of a package URL, or ``None`` (and a warning) when it is invalid."""
    result = _canonical_purl(raw.strip())
    if result.startswith("pkg:"):
        return result
    log.add(location, f"invalid package URL {raw!r} ignored: {result}")
    return None


@lru_cache(maxsize=65536)
def _canonical_purl(raw: str) -> str:
    """Canonical string, or the error message (cached: SBOM merges repeat purls)."""
    try:
        return str(PackageURL.from_string(raw).to_string())
    except ValueError as error:
        return str(error) or "not a package URL"


def checked_cpe(raw: str, location: str, log: WarningLog) -> str | None:
    """A CPE 2.3 formatted string or 2.2 URI as written, or ``None`` with a warning."""
    cpe = raw.strip()
    if _CPE23.match(cpe) or _CPE22.match(cpe):
        return cpe
    log.add(location, f"invalid CPE name {raw!r} ignored (expected CPE 2.3 or 2.2 URI)")
    return None


def normalized_hash(algorithm: str, value: str, location: str, log: WarningLog) -> Hash | None:
    """One :class:`Hash` with the algorithm spelled ``SHA-256`` and a lower-case hex value."""
    name = _hash_name(algorithm)
    content = value.strip()
    if name is None:
        log.add(location, f"unknown hash algorithm {algorithm!r} ignored")
        return None
    if not content or content.strip(_HEX_DIGITS):  # str.strip: C speed, unlike a regex
        log.add(location, f"{name} value {value!r} is not hexadecimal; ignored")
        return None
    return Hash(algorithm=name, value=content.lower())


@lru_cache(maxsize=256)
def _hash_name(algorithm: str) -> str | None:
    return _HASH_NAMES.get(re.sub(r"[\s_\-]", "", algorithm).upper())


def license_ref(name: str) -> str:
    """A ``LicenseRef-`` identifier for a licence known only by its free-text name."""
    cleaned = _LICENSE_REF_UNSAFE.sub("-", name.strip()).strip("-")
    return f"LicenseRef-{cleaned or 'unnamed'}"


def checked_license(expression: str, location: str, log: WarningLog) -> str | None:
    """The expression as written (whitespace collapsed), with a warning if it is not SPDX."""
    text = " ".join(expression.split())
    if not text or text in ("NOASSERTION", "NONE"):
        return None
    problem = _license_problem(text)
    if problem:
        log.add(location, f"licence expression {text!r} is not valid SPDX: {problem}")
    return text


@lru_cache(maxsize=8192)
def _license_problem(expression: str) -> str | None:
    """Why ``expression`` is not a valid SPDX expression, or ``None`` (cached per string).

    A small recursive-descent check of the SPDX 2.3 Annex D grammar against the SPDX list
    that license-expression ships. Its own ``validate()`` takes ~25 ms per expression and
    crashes on some free text, too slow for SBOMs with thousands of distinct licence names.
    """
    if not _LICENSE_CHARS.match(expression):
        return "contains characters no SPDX expression may contain"
    tokens = re.findall(r"\(|\)|[^\s()]+", expression)
    licences, exceptions = _spdx_ids()
    position = 0

    def term() -> str | None:
        """``( expr )`` or ``id[+] [WITH exception]``."""
        nonlocal position
        if position >= len(tokens):
            return "expression ends too early"
        word = tokens[position]
        position += 1
        if word == "(":
            problem = expr()
            if problem:
                return problem
            if position >= len(tokens) or tokens[position] != ")":
                return "unbalanced parentheses"
            position += 1
            return None
        key = word.removesuffix("+").lower()
        if key not in licences and not word.startswith(("LicenseRef-", "DocumentRef-")):
            return f"unknown licence identifier {word!r}"
        if position < len(tokens) and tokens[position] == "WITH":
            if position + 1 >= len(tokens) or tokens[position + 1].lower() not in exceptions:
                return "WITH needs a known licence exception"
            position += 2
        return None

    def expr() -> str | None:
        """``term ((AND|OR) term)*``."""
        nonlocal position
        problem = term()
        while problem is None and position < len(tokens) and tokens[position] in ("AND", "OR"):
            position += 1
            problem = term()
        return problem

    problem = expr()
    if problem is None and position < len(tokens):
        problem = f"unexpected {tokens[position]!r}"
    return problem


@lru_cache(maxsize=1)
def _spdx_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased SPDX licence and exception identifiers known to license-expression."""
    licences: set[str] = set()
    exceptions: set[str] = set()
    for entry in get_license_index():
        keys = [entry.get("spdx_license_key"), *entry.get("other_spdx_license_keys", ())]
        target = exceptions if entry.get("is_exception") else licences
        target.update(str(key).lower() for key in keys if key)
    return frozenset(licences), frozenset(exceptions)
