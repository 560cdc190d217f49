"""Identity fields: purl canonicalization, CPE, hashes and licence expressions."""

from __future__ import annotations

import pytest

from rempart.core.component import Hash
from rempart.formats.errors import WarningLog
from rempart.formats.identity import (
    canonical_purl,
    checked_cpe,
    checked_license,
    license_ref,
    normalized_hash,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("pkg:PYPI/Django_Rest-Framework@3.14.0", "pkg:pypi/django-rest-framework@3.14.0"),
        ("pkg:npm/@angular/core@16.0.0", "pkg:npm/%40angular/core@16.0.0"),
        (
            "pkg:deb/debian/curl@7.88?distro=bookworm&arch=amd64",
            "pkg:deb/debian/curl@7.88?arch=amd64&distro=bookworm",
        ),
        (" pkg:maven/org.acme/lib@1.0 ", "pkg:maven/org.acme/lib@1.0"),
    ],
)
def test_purls_are_canonicalized(raw: str, canonical: str) -> None:
    log = WarningLog()
    assert canonical_purl(raw, "/p", log) == canonical
    assert log.problems() == ()


def test_invalid_purl_is_a_located_warning() -> None:
    log = WarningLog()
    assert canonical_purl("pkg:/nothing", "/components/7/purl", log) is None
    (problem,) = log.problems()
    assert problem.field == "/components/7/purl"
    assert "pkg:/nothing" in problem.message


def test_cpe_forms() -> None:
    log = WarningLog()
    assert checked_cpe("cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*", "/c", log)
    assert checked_cpe("cpe:/a:openssl:openssl:3.0.11", "/c", log)
    assert checked_cpe("cpe:2.3:a:openssl", "/c", log) is None
    assert len(log.problems()) == 1


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("SHA-256", "SHA-256"),
        ("SHA256", "SHA-256"),
        ("sha3_512", "SHA3-512"),
        ("BLAKE2b-256", "BLAKE2B-256"),
    ],
)
def test_hash_algorithms_are_spelled_one_way(algorithm: str, expected: str) -> None:
    assert normalized_hash(algorithm, " ABCD ", "/h", WarningLog()) == Hash(expected, "abcd")


def test_bad_hashes_are_dropped_with_warnings() -> None:
    log = WarningLog()
    assert normalized_hash("CRC32", "abcd", "/h/0", log) is None
    assert normalized_hash("SHA-256", "xyz", "/h/1", log) is None
    assert [p.field for p in log.problems()] == ["/h/0", "/h/1"]


@pytest.mark.parametrize(
    ("expression", "valid"),
    [
        ("MIT", True),
        ("(MIT OR Apache-2.0) AND BSD-3-Clause", True),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", True),
        ("GPL-2.0+", True),
        ("LicenseRef-acme-eula", True),
        ("mit", True),  # SPDX identifiers match case-insensitively
        ("MIT ANDD Apache-2.0", False),
        ("(MIT", False),
        ("MIT OR", False),
        ("MPLv2.0", False),
        ("GPL-2.0 WITH not-an-exception", False),
        ("Apache License, Version 2.0", False),
    ],
)
def test_licence_expressions_are_checked_not_rewritten(expression: str, valid: bool) -> None:
    log = WarningLog()
    assert checked_license(expression, "/l", log) == expression
    assert (log.problems() == ()) is valid


def test_unstated_licences_are_none_and_names_become_refs() -> None:
    assert checked_license("NOASSERTION", "/l", WarningLog()) is None
    assert license_ref("Apache License, Version 2.0") == "LicenseRef-Apache-License-Version-2.0"


def test_warning_log_is_capped() -> None:
    log = WarningLog(cap=2)
    for index in range(5):
        log.add(f"/x/{index}", "bad")
    problems = log.problems()
    assert len(problems) == 3
    assert "3 further warnings" in problems[-1].message
