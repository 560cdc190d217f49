"""From a Package URL to the OSV package it names: ecosystem, release, name, version.

A component is identified by its purl (CycloneDX ``purl``, SPDX ``PACKAGE-MANAGER purl``
reference). :func:`identify_purl` maps the purl type (and for Linux packages the namespace and
``distro`` qualifier) to an OSV ecosystem, and the purl's name parts to the OSV package name.
When that is impossible it says why (:class:`PurlProblem`), and the matcher reports the
component "not assessed" with that reason.

Linux packages: OSV distribution advisories name *source* packages, while SBOM tools list
binary packages and put the source name in the ``upstream`` qualifier (syft:
``upstream=openssl`` or ``upstream=nss-3.79.0-4.amzn2.src.rpm``), which we use when present.
The RPM ``epoch`` qualifier becomes part of the version (``2:1.0-1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from packageurl import PackageURL

from rempart.core.versions.ecosystems import Ecosystem, ecosystem, normalize_release
from rempart.core.versions.names import normalize_name


class PurlProblem(StrEnum):
    """Why a purl cannot be looked up in OSV data."""

    INVALID_PURL = "invalid_purl"
    UNKNOWN_ECOSYSTEM = "unknown_ecosystem"
    UNSUPPORTED_ECOSYSTEM = "unsupported_ecosystem"
    UNKNOWN_RELEASE = "unknown_release"


@dataclass(frozen=True, slots=True, order=True)
class PackageKey:
    """The index key of a package: OSV base ecosystem, release (or ``None``), normalized name."""

    ecosystem: str
    release: str | None
    name: str


@dataclass(frozen=True, slots=True)
class PackageRef:
    """A purl resolved to an OSV package; ``version`` is as the SBOM wrote it (or ``None``)."""

    key: PackageKey
    ecosystem: Ecosystem
    version: str | None
    go_package: bool = False  # a Go *package* path (purl ``type=package``), not a module


@dataclass(frozen=True, slots=True)
class Unidentified:
    """A purl that names no OSV package Rempart can check, and why."""

    problem: PurlProblem
    detail: str


# purl type -> OSV ecosystem for language ecosystems (purl-spec PURL-TYPES.rst).
_LANGUAGE_TYPES = {
    "pypi": "PyPI",
    "npm": "npm",
    "cargo": "crates.io",
    "golang": "Go",
    "maven": "Maven",
    "gem": "RubyGems",
    "nuget": "NuGet",
    "dotnet": "NuGet",  # legacy spelling written by older .NET SBOM tools
    "composer": "Packagist",
    "hex": "Hex",
    "pub": "Pub",
    "swift": "SwiftURL",
    "bitnami": "Bitnami",
    "conan": "ConanCenter",
    "cran": "CRAN",
    "hackage": "Hackage",
    "julia": "Julia",
    "opam": "opam",
    "vscode-extension": "VSCode",
    "githubactions": "GitHub Actions",
    "github": "GIT",  # a repository at a commit: only git ranges could match it
}
# (purl type, namespace) -> OSV ecosystem for distribution packages
_DISTRO_NAMESPACES = {
    ("deb", "debian"): "Debian",
    ("deb", "ubuntu"): "Ubuntu",
    ("apk", "alpine"): "Alpine",
    ("alpine", "alpine"): "Alpine",  # legacy purl type written by older syft releases
    ("alpine", ""): "Alpine",
    ("apk", "wolfi"): "Wolfi",
    ("apk", "chainguard"): "Chainguard",
    ("apk", "minimos"): "MinimOS",
    ("rpm", "redhat"): "Red Hat",
    ("rpm", "almalinux"): "AlmaLinux",
    ("rpm", "rocky"): "Rocky Linux",
    ("rpm", "opensuse"): "openSUSE",
    ("rpm", "suse"): "SUSE",
    ("rpm", "sles"): "SUSE",
    ("rpm", "mageia"): "Mageia",
    ("rpm", "openeuler"): "openEuler",
    ("rpm", "azurelinux"): "Azure Linux",
}
_DEBIAN_CODENAMES = {
    "jessie": "8",
    "stretch": "9",
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
    "forky": "14",
    "sid": "sid",
}
_SOURCE_RPM = re.compile(r"^(?P<name>.+?)-[^-]+-[^-]+\.src\.rpm$")


def identify_purl(purl: str) -> PackageRef | Unidentified:
    """Resolve a purl string to the OSV package it names, or say why that is impossible."""
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError as exc:
        return Unidentified(PurlProblem.INVALID_PURL, str(exc))
    purl_type = parsed.type.lower()
    namespace = (parsed.namespace or "").lower()
    base = _LANGUAGE_TYPES.get(purl_type) or _DISTRO_NAMESPACES.get((purl_type, namespace))
    eco = ecosystem(base) if base else None
    if eco is None:
        where = f"{purl_type}/{namespace}" if purl_type in ("deb", "rpm", "apk") else purl_type
        detail = f"no OSV ecosystem for purl type {where}"
        return Unidentified(PurlProblem.UNKNOWN_ECOSYSTEM, detail)
    if not eco.supported:
        return Unidentified(
            PurlProblem.UNSUPPORTED_ECOSYSTEM, f"{eco.name} versions cannot be ordered yet"
        )
    qualifiers = {key.lower(): value for key, value in (parsed.qualifiers or {}).items()}
    release: str | None = None
    if eco.release_scoped:
        release = _release(eco.name, qualifiers.get("distro", ""))
        if release is None:
            return Unidentified(
                PurlProblem.UNKNOWN_RELEASE,
                f"{eco.name} advisories differ per release; the purl names no usable distro",
            )
    name = _osv_name(eco.name, parsed, qualifiers)
    version = parsed.version
    if version and purl_type == "rpm" and qualifiers.get("epoch") and ":" not in version:
        version = f"{qualifiers['epoch']}:{version}"
    key = PackageKey(eco.name, release, normalize_name(eco.name, name))
    go_package = eco.name == "Go" and qualifiers.get("type") == "package"
    return PackageRef(key, eco, version or None, go_package)


def _osv_name(base: str, parsed: PackageURL, qualifiers: dict[str, str]) -> str:
    namespace = parsed.namespace or ""
    if base == "Maven":
        return f"{namespace}:{parsed.name}" if namespace else parsed.name
    if base in ("Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard", "MinimOS"):
        upstream = qualifiers.get("upstream", "").partition("@")[0].strip()
        return upstream or parsed.name
    if base in _RPM_BASES:
        upstream = qualifiers.get("upstream", "")
        match = _SOURCE_RPM.match(upstream)
        return match["name"] if match else (upstream or parsed.name)
    if base == "SwiftURL":
        return f"{namespace}/{parsed.name}"
    return f"{namespace}/{parsed.name}" if namespace else parsed.name


_RPM_BASES = frozenset(
    base for (purl_type, _ns), base in _DISTRO_NAMESPACES.items() if purl_type == "rpm"
)


def _release(base: str, distro: str) -> str | None:
    """The OSV release spelling from a purl ``distro`` qualifier (``debian-11``, ``bookworm``)."""
    distro = distro.strip().lower()
    if not distro:
        return None
    _prefix, dash, value = distro.rpartition("-")
    value = value if dash and value[:1].isdigit() else distro
    if base == "Debian":
        value = _DEBIAN_CODENAMES.get(value, value.split(".")[0])
    elif base == "Ubuntu":
        value = ".".join(value.split(".")[:2])
    elif base in ("AlmaLinux", "Rocky Linux"):
        value = value.split(".")[0]
    elif base == "Red Hat":
        return None  # OSV scopes Red Hat by product CPE, which a purl does not carry
    if not value[:1].isalnum():
        return None
    return normalize_release(base, value)
