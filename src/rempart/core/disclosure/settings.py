"""The manufacturer's disclosure settings as a value, and their validation (core layer).

Every field maps to an RFC 9116 field or to a commitment the CVD policy states. Validation
collects every problem, each naming its field, so a refused form shows all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from rempart.core.errors import ProblemCollector

# RFC 9116 §2.5.3: "Expires" SHOULD be less than a year into the future.
MAX_EXPIRY_DAYS = 365
MAX_URIS = 10
MAX_URI_LENGTH = 500
# BCP 47 language tags, loosely: primary subtag plus optional subtags (RFC 9116 §2.5.8).
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")

LIST_FIELDS = (
    "contacts",
    "encryption",
    "canonical",
    "csaf",
    "preferred_languages",
    "published_products",
)
TEXT_FIELDS = ("acknowledgments", "policy", "hiring", "public_base_url")
NUMBER_FIELDS = ("expiry_days", "acknowledge_days", "triage_days", "disclosure_days")
FLAG_FIELDS = ("safe_harbour", "credit_reporters", "intake_open")


@dataclass(frozen=True, slots=True)
class DisclosureSettings:
    """What security.txt and the CVD policy say. Empty strings and tuples mean "not set"."""

    organization_name: str = ""
    contacts: tuple[str, ...] = ()  # mailto:, https:// or tel: URIs, most preferred first
    encryption: tuple[str, ...] = ()  # OpenPGP key locations
    acknowledgments: str = ""
    preferred_languages: tuple[str, ...] = ("en",)
    canonical: tuple[str, ...] = ()
    policy: str = ""  # URL of the CVD policy; derived from public_base_url when empty
    hiring: str = ""
    csaf: tuple[str, ...] = ()  # provider-metadata.json URLs (IANA-registered "CSAF" field)
    public_base_url: str = ""  # where this Rempart's public pages are reachable
    expiry_days: int = 180
    expires_at: datetime | None = None  # set when an admin saves (reviews) the settings
    acknowledge_days: int = 5
    triage_days: int = 14
    disclosure_days: int = 90
    safe_harbour: bool = True
    credit_reporters: bool = True
    intake_open: bool = True
    published_products: tuple[str, ...] = ()  # product slugs; empty means every product

    def policy_url(self) -> str:
        if self.policy:
            return self.policy
        return f"{self.public_base_url}/security/policy/" if self.public_base_url else ""

    def canonical_urls(self) -> tuple[str, ...]:
        if self.canonical:
            return self.canonical
        base = self.public_base_url
        return (f"{base}/.well-known/security.txt",) if base else ()

    def report_url(self) -> str:
        # Relative when the public address is unknown: the policy page itself is served here.
        return f"{self.public_base_url}/report/" if self.public_base_url else "/report/"

    def reviewed(self, now: datetime) -> DisclosureSettings:
        """The settings with Expires moved ``expiry_days`` ahead of ``now`` (capped at a year)."""
        days = min(self.expiry_days, MAX_EXPIRY_DAYS)
        return replace(self, expires_at=now + timedelta(days=days))


@dataclass(slots=True)
class _Checker:
    problems: ProblemCollector = field(default_factory=ProblemCollector)

    def uri(self, name: str, value: str, schemes: tuple[str, ...]) -> None:
        if len(value) > MAX_URI_LENGTH:
            self.problems.add(name, f"longer than {MAX_URI_LENGTH} characters")
        elif _CONTROL.search(value):
            self.problems.add(name, f"{value!r} contains spaces or control characters")
        elif not value.lower().startswith(schemes) or value.lower() in schemes:
            self.problems.add(name, f"{value!r} must start with {' or '.join(schemes)}")


def validate(settings: DisclosureSettings) -> None:
    """Refuse settings that would produce an invalid security.txt or an empty promise."""
    check = _Checker()
    for name in ("contacts", "encryption", "canonical", "csaf", "preferred_languages"):
        if len(getattr(settings, name)) > MAX_URIS:
            check.problems.add(name, f"at most {MAX_URIS} entries")
    for value in settings.contacts:
        # RFC 9116 §2.5.3: a Contact is a URI; web and e-mail must be reachable, phones allowed.
        check.uri("contacts", value, ("mailto:", "https://", "tel:"))
        if value.lower().startswith("mailto:") and "@" not in value:
            check.problems.add("contacts", f"{value!r} is not an e-mail address")
    # RFC 9116 §2.5: web URIs in security.txt MUST use https.
    for value in settings.encryption:
        check.uri("encryption", value, ("https://", "openpgp4fpr:", "dns:"))
    for value in settings.canonical:
        check.uri("canonical", value, ("https://",))
    for value in settings.csaf:
        check.uri("csaf", value, ("https://",))
        if not value.endswith("/provider-metadata.json"):
            check.problems.add("csaf", f"{value!r} must point at a provider-metadata.json")
    for name in ("acknowledgments", "policy", "hiring"):
        value = getattr(settings, name)
        if value:
            check.uri(name, value, ("https://",))
    if settings.public_base_url.lower().startswith("http://"):
        # security.txt's Canonical and Policy are derived from it, and RFC 9116 §2.5 forbids
        # http there; a report form reached over http would also expose what reporters send.
        check.problems.add(
            "public_base_url",
            f"{settings.public_base_url!r} must start with https://: security.txt derives its "
            "Canonical and Policy fields from it, and RFC 9116 §2.5 requires https for them",
        )
    elif settings.public_base_url:
        check.uri("public_base_url", settings.public_base_url, ("https://",))
    if settings.public_base_url.endswith("/"):
        check.problems.add("public_base_url", "leave out the trailing slash")
    for tag in settings.preferred_languages:
        if not _LANGUAGE.match(tag):
            check.problems.add(
                "preferred_languages", f"{tag!r} is not a language tag (e.g. en, de)"
            )
    if not 1 <= settings.expiry_days <= MAX_EXPIRY_DAYS:
        check.problems.add(
            "expiry_days", f"must be between 1 and {MAX_EXPIRY_DAYS} days (RFC 9116 §2.5.5)"
        )
    limits = {"acknowledge_days": 30, "triage_days": 90, "disclosure_days": 365}
    for name, upper in limits.items():
        if not 1 <= getattr(settings, name) <= upper:
            check.problems.add(name, f"must be between 1 and {upper} days")
    if settings.acknowledge_days > settings.triage_days:
        check.problems.add("triage_days", "cannot come before the acknowledgement")
    if settings.triage_days > settings.disclosure_days:
        check.problems.add("disclosure_days", "cannot come before the triage")
    check.problems.raise_if_any("the disclosure settings are invalid")


def from_mapping(base: DisclosureSettings, values: Mapping[str, object]) -> DisclosureSettings:
    """``base`` with the given fields replaced; unknown fields and wrong types are refused."""
    problems = ProblemCollector()
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key in LIST_FIELDS:
            items = value.split() if isinstance(value, str) else value
            if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
                problems.add(key, "must be a list of text values")
                continue
            changes[key] = tuple(v.strip() for v in items if v.strip())
        elif key in TEXT_FIELDS:
            if not isinstance(value, str):
                problems.add(key, "must be text")
                continue
            changes[key] = value.strip()
        elif key in NUMBER_FIELDS:
            if isinstance(value, bool) or not isinstance(value, int):
                problems.add(key, "must be a whole number of days")
                continue
            changes[key] = value
        elif key in FLAG_FIELDS:
            if not isinstance(value, bool):
                problems.add(key, "must be true or false")
                continue
            changes[key] = value
        else:
            problems.add(key, "unknown disclosure setting")
    problems.raise_if_any("the disclosure settings are invalid")
    return replace(base, **changes)  # type: ignore[arg-type]
