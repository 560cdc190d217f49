"""The registry of OSV ecosystems: which version scheme each uses, or that we have none.

Every ecosystem named by the OSV schema (``ecosystems.json``) is listed here, either with the
:class:`~rempart.core.versions.scheme.VersionScheme` that orders its versions or explicitly as
*known but unsupported*, so a component of such an ecosystem is reported "not assessed:
unsupported ecosystem" rather than silently skipped (DESIGN.md principle 5). A name that is not
listed at all is *unknown*. ``tests/core/versions/test_ecosystems.py`` keeps this table in step
with the OSV schema's list.

An OSV ecosystem string may carry a suffix after ``:``. For Linux distributions it scopes the
record to one release (``Debian:12``, ``Alpine:v3.18``, ``Ubuntu:22.04:LTS``); for Maven,
Packagist and VSCode it names a repository URL, which does not change version semantics and is
dropped. :func:`split_ecosystem` turns the string into ``(base name, release or None)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rempart.core.versions.alpine import APK
from rempart.core.versions.debian import DPKG
from rempart.core.versions.golang import GO
from rempart.core.versions.maven import MAVEN
from rempart.core.versions.nuget import NUGET
from rempart.core.versions.packagist import PACKAGIST
from rempart.core.versions.pep440 import PEP440
from rempart.core.versions.rpm import RPM
from rempart.core.versions.rubygems import GEM
from rempart.core.versions.scheme import VersionScheme
from rempart.core.versions.semver import NPM, SEMVER, SEMVER_LENIENT


@dataclass(frozen=True, slots=True)
class Ecosystem:
    """One OSV ecosystem as Rempart understands it.

    ``scheme`` is ``None`` for a known but unsupported ecosystem. ``release_scoped`` is true
    for distributions whose advisories name a release: a component of such an ecosystem whose
    release is unknown cannot be assessed, since fixes differ from one release to the next.
    """

    name: str
    scheme: VersionScheme | None
    release_scoped: bool = False

    @property
    def supported(self) -> bool:
        """Whether Rempart can order this ecosystem's versions."""
        return self.scheme is not None


def _supported(
    scheme: VersionScheme, *names: str, release_scoped: bool = False
) -> dict[str, Ecosystem]:
    return {name: Ecosystem(name, scheme, release_scoped) for name in names}


_REGISTRY: dict[str, Ecosystem] = {
    **_supported(PEP440, "PyPI"),
    **_supported(NPM, "npm"),
    **_supported(SEMVER, "crates.io", "Hex", "Bitnami"),
    **_supported(SEMVER_LENIENT, "SwiftURL"),
    **_supported(GO, "Go"),
    **_supported(MAVEN, "Maven"),
    **_supported(NUGET, "NuGet"),
    **_supported(GEM, "RubyGems"),
    **_supported(PACKAGIST, "Packagist"),
    **_supported(DPKG, "Debian", "Ubuntu", release_scoped=True),
    **_supported(DPKG, "Echo"),
    **_supported(APK, "Alpine", "Alpaquita", "BellSoft Hardened Containers", release_scoped=True),
    **_supported(APK, "Wolfi", "Chainguard", "MinimOS"),
    **_supported(
        RPM,
        "Red Hat",
        "AlmaLinux",
        "Rocky Linux",
        "openSUSE",
        "SUSE",
        "Mageia",
        "openEuler",
        "Azure Linux",
        release_scoped=True,
    ),
    # Known to OSV, but without a version ordering here: their components are reported
    # "not assessed: unsupported ecosystem". Pub orders build metadata (SemVer does not);
    # Photon OS, FreeBSD, Root and the image vendors use schemes we have not verified.
    **{
        name: Ecosystem(name, None)
        for name in (
            "Android",
            "Bioconductor",
            "CleanStart",
            "ConanCenter",
            "CRAN",
            "Docker Hardened Images",
            "FreeBSD",
            "GHC",
            "GIT",
            "GitHub Actions",
            "Hackage",
            "Julia",
            "Kubernetes",
            "Linux",
            "opam",
            "OSS-Fuzz",
            "Photon OS",
            "Pub",
            "Root",
            "TuxCare",
            "VSCode",
        )
    },
}

#: ecosystems whose ``:suffix`` is a repository URL, not a release
_REPOSITORY_SUFFIXED = frozenset({"Maven", "Packagist", "VSCode"})


def ecosystem(name: str) -> Ecosystem | None:
    """The ecosystem for an OSV ecosystem string (suffix allowed), or ``None`` if unknown."""
    base, _release = split_ecosystem(name)
    return _REGISTRY.get(base)


def known_ecosystems() -> tuple[Ecosystem, ...]:
    """Every ecosystem in the registry, supported or not, sorted by name."""
    return tuple(sorted(_REGISTRY.values(), key=lambda eco: eco.name.casefold()))


def split_ecosystem(value: str) -> tuple[str, str | None]:
    """``"Debian:12"`` -> ``("Debian", "12")``; ``"Maven:https://..."`` -> ``("Maven", None)``."""
    base, sep, suffix = value.strip().partition(":")
    if not sep or not suffix or base in _REPOSITORY_SUFFIXED or base not in _REGISTRY:
        return base, None
    return base, normalize_release(base, suffix)


def normalize_release(base: str, release: str) -> str:
    """One spelling per release, so advisory suffixes and SBOM distro qualifiers meet.

    Alpine writes ``v3.18`` in OSV and ``3.18.4`` in purls: both become ``3.18``. Ubuntu's
    ``:LTS`` marker is dropped (``22.04:LTS`` and ``22.04`` are one release); its ``Pro:``
    (ESM) prefix is kept, as those fixes only reach Ubuntu Pro systems.
    """
    release = release.strip()
    if base in ("Alpine", "Alpaquita", "BellSoft Hardened Containers"):
        release = release.removeprefix("v")
        if base == "Alpine":
            release = ".".join(release.split(".")[:2])
    elif base == "Ubuntu":
        release = release.removesuffix(":LTS")
    return release
