"""The ecosystem registry, release spellings, name normalization and purl mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.core.versions.ecosystems import ecosystem, known_ecosystems, split_ecosystem
from rempart.core.versions.names import normalize_name
from rempart.core.versions.purls import (
    PackageKey,
    PackageRef,
    PurlProblem,
    Unidentified,
    identify_purl,
)


def test_every_osv_ecosystem_is_either_supported_or_explicitly_unsupported(
    shared_data: Path,
) -> None:
    listed = json.loads((shared_data / "advisories/osv-schema/ecosystems.json").read_text())
    missing = [name for name in listed if ecosystem(name) is None]
    assert missing == [], f"add these to core/versions/ecosystems.py: {missing}"


def test_registry_knows_supported_and_unsupported() -> None:
    names = {eco.name: eco.supported for eco in known_ecosystems()}
    assert names["PyPI"]
    assert names["Go"]
    assert names["Maven"]
    assert names["Debian"]
    assert names["Pub"] is False
    assert names["Android"] is False
    assert ecosystem("NotAnEcosystem") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PyPI", ("PyPI", None)),
        ("Debian:12", ("Debian", "12")),
        ("Alpine:v3.18", ("Alpine", "3.18")),
        ("Ubuntu:22.04:LTS", ("Ubuntu", "22.04")),
        ("Ubuntu:Pro:18.04:LTS", ("Ubuntu", "Pro:18.04")),
        ("Maven:https://maven.google.com", ("Maven", None)),
        ("Red Hat:rhel_aus:8.4::appstream", ("Red Hat", "rhel_aus:8.4::appstream")),
    ],
)
def test_split_ecosystem(value: str, expected: tuple[str, str | None]) -> None:
    assert split_ecosystem(value) == expected


@pytest.mark.parametrize(
    ("eco", "name", "expected"),
    [
        ("PyPI", "Django_Rest.Framework", "django-rest-framework"),
        ("npm", "@Angular/Core", "@angular/core"),
        ("crates.io", "Serde_JSON", "serde-json"),
        ("Maven", "org.Apache:Log4j-Core", "org.Apache:Log4j-Core"),
        ("Go", "github.com/Foo/bar/", "github.com/foo/bar"),
        ("NuGet", "Newtonsoft.Json", "newtonsoft.json"),
        ("SwiftURL", "https://github.com/Apple/swift-nio.git", "github.com/apple/swift-nio"),
        ("Debian", "openssl", "openssl"),
    ],
)
def test_normalize_name(eco: str, name: str, expected: str) -> None:
    assert normalize_name(eco, name) == expected


@pytest.mark.parametrize(
    ("purl", "key", "version"),
    [
        ("pkg:pypi/Jinja2@2.11.0", PackageKey("PyPI", None, "jinja2"), "2.11.0"),
        ("pkg:npm/%40babel/core@7.0.0", PackageKey("npm", None, "@babel/core"), "7.0.0"),
        (
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
            PackageKey("Maven", None, "org.apache.logging.log4j:log4j-core"),
            "2.14.1",
        ),
        (
            "pkg:golang/github.com/gin-gonic/gin@v1.6.0",
            PackageKey("Go", None, "github.com/gin-gonic/gin"),
            "v1.6.0",
        ),
        ("pkg:cargo/tokio@1.19.2", PackageKey("crates.io", None, "tokio"), "1.19.2"),
        (
            "pkg:composer/laravel/framework@v8.0.0",
            PackageKey("Packagist", None, "laravel/framework"),
            "v8.0.0",
        ),
        ("pkg:gem/rails@6.0.0", PackageKey("RubyGems", None, "rails"), "6.0.0"),
        (
            "pkg:nuget/Newtonsoft.Json@12.0.1",
            PackageKey("NuGet", None, "newtonsoft.json"),
            "12.0.1",
        ),
        (
            "pkg:dotnet/System.Text.Json@4.7.0",
            PackageKey("NuGet", None, "system.text.json"),
            "4.7.0",
        ),
        (
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12",
            PackageKey("Debian", "12", "openssl"),
            "3.0.11-1~deb12u2",
        ),
        (
            "pkg:deb/debian/curl@7.74.0-1.3?distro=bullseye",
            PackageKey("Debian", "11", "curl"),
            "7.74.0-1.3",
        ),
        (
            "pkg:deb/ubuntu/bash@5.1-6ubuntu1?distro=ubuntu-22.04",
            PackageKey("Ubuntu", "22.04", "bash"),
            "5.1-6ubuntu1",
        ),
        (
            "pkg:apk/alpine/libcrypto3@3.1.4-r0?upstream=openssl&distro=alpine-3.18.4",
            PackageKey("Alpine", "3.18", "openssl"),
            "3.1.4-r0",
        ),
        (
            "pkg:alpine/musl@1.2.2-r3?distro=alpine-3.14.8",
            PackageKey("Alpine", "3.14", "musl"),
            "1.2.2-r3",
        ),
        (
            "pkg:rpm/rocky/openssl-libs@3.0.7-1.el9?epoch=1&upstream=openssl-3.0.7-1.el9.src.rpm&distro=rocky-9.2",
            PackageKey("Rocky Linux", "9", "openssl"),
            "1:3.0.7-1.el9",
        ),
    ],
)
def test_identify_purl(purl: str, key: PackageKey, version: str) -> None:
    ref = identify_purl(purl)
    assert isinstance(ref, PackageRef), ref
    assert ref.key == key
    assert ref.version == version


@pytest.mark.parametrize(
    ("purl", "problem"),
    [
        ("not-a-purl", PurlProblem.INVALID_PURL),
        ("pkg:generic/openssl@3.0.0", PurlProblem.UNKNOWN_ECOSYSTEM),
        ("pkg:rpm/amazon/nss@3.79.0-4.amzn2", PurlProblem.UNKNOWN_ECOSYSTEM),
        ("pkg:pub/http@0.13.0", PurlProblem.UNSUPPORTED_ECOSYSTEM),
        ("pkg:github/anchore/syft@abc123", PurlProblem.UNSUPPORTED_ECOSYSTEM),
        ("pkg:deb/debian/curl@7.74.0-1.3", PurlProblem.UNKNOWN_RELEASE),
        ("pkg:rpm/redhat/openssl@3.0.7-1.el9?distro=rhel-9.2", PurlProblem.UNKNOWN_RELEASE),
    ],
)
def test_unidentifiable_purls_say_why(purl: str, problem: PurlProblem) -> None:
    result = identify_purl(purl)
    assert isinstance(result, Unidentified)
    assert result.problem is problem
    assert result.detail


def test_go_package_purls_are_flagged() -> None:
    ref = identify_purl("pkg:golang/golang.org/x/net/http2@v0.7.0?type=package")
    assert isinstance(ref, PackageRef)
    assert ref.go_package
