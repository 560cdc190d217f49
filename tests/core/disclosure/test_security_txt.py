"""security.txt: generated files pass the independent sectxt validator; our reader agrees with
sectxt on real-world files (field values and the errors that matter)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sectxt import Parser

from rempart.core.disclosure import security_txt
from rempart.core.disclosure.settings import DisclosureSettings, from_mapping, validate
from rempart.core.errors import InvalidInput

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
URL = "https://psirt.example.com/.well-known/security.txt"


def full_settings() -> DisclosureSettings:
    return DisclosureSettings(
        organization_name="ACME GmbH",
        contacts=(
            "mailto:psirt@example.com",
            "https://psirt.example.com/report/",
            "tel:+49-30-1234",
        ),
        encryption=("https://psirt.example.com/pgp-key.asc",),
        acknowledgments="https://psirt.example.com/thanks",
        preferred_languages=("en", "de"),
        public_base_url="https://psirt.example.com",
        hiring="https://example.com/jobs",
        csaf=("https://psirt.example.com/.well-known/csaf/provider-metadata.json",),
    ).reviewed(NOW)


def sectxt_errors(text: str) -> list[str]:
    parser = Parser(text.encode(), urls=URL)
    return [e["code"] for e in parser.errors]


def test_generated_file_passes_sectxt_with_every_field() -> None:
    text = security_txt.generate(full_settings(), NOW)
    assert sectxt_errors(text) == []
    assert "CSAF: https://psirt.example.com/.well-known/csaf/provider-metadata.json" in text
    assert "Policy: https://psirt.example.com/security/policy/" in text
    assert f"Canonical: {URL}" in text
    assert "Expires: 2027-05-22T09:00:00Z" in text  # 180 days after the review
    parsed = security_txt.parse(text, NOW)
    assert parsed.problems == ()
    assert parsed.values("Contact")[0] == "mailto:psirt@example.com"
    assert parsed.languages() == ("en", "de")


def test_minimal_file_passes_sectxt() -> None:
    settings = DisclosureSettings(contacts=("mailto:security@example.org",)).reviewed(NOW)
    text = security_txt.generate(settings, NOW)
    assert sectxt_errors(text) == []
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "Contact: mailto:security@example.org",
        "Expires: 2027-05-22T09:00:00Z",
        "Preferred-Languages: en",
    ]


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (DisclosureSettings(contacts=()).reviewed(NOW), "contacts"),
        (DisclosureSettings(contacts=("mailto:a@b.example",)), "expires_at"),
        (
            replace(DisclosureSettings(contacts=("mailto:a@b.example",)), expires_at=NOW),
            "expires_at",
        ),
        (
            replace(
                DisclosureSettings(contacts=("mailto:a@b.example",)),
                expires_at=NOW + timedelta(days=366),
            ),
            "expires_at",
        ),
    ],
)
def test_refuses_without_contact_or_valid_expires(settings: DisclosureSettings, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        security_txt.generate(settings, NOW)
    assert field in [p.field for p in refused.value.problems]
    assert "security.txt cannot be generated" in refused.value.message


def test_expiry_horizon_is_capped_at_a_year() -> None:
    settings = replace(DisclosureSettings(contacts=("mailto:a@b.example",)), expiry_days=5000)
    assert settings.reviewed(NOW).expires_at == NOW + timedelta(days=365)
    with pytest.raises(InvalidInput) as refused:
        validate(settings)
    assert refused.value.problems[0].field == "expiry_days"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"contacts": ["security@example.com"]}, "contacts"),
        ({"contacts": ["http://example.com/report"]}, "contacts"),
        ({"contacts": ["mailto:nobody"]}, "contacts"),
        ({"contacts": ["https://example.com/a b"]}, "contacts"),
        ({"encryption": ["http://example.com/key"]}, "encryption"),
        ({"csaf": ["https://example.com/csaf.json"]}, "csaf"),
        ({"preferred_languages": ["english!"]}, "preferred_languages"),
        ({"policy": ["https://x.example"]}, "policy"),
        ({"public_base_url": "https://x.example/"}, "public_base_url"),
        ({"public_base_url": "http://psirt.example.com"}, "public_base_url"),  # RFC 9116 §2.5
        ({"triage_days": 3, "acknowledge_days": 10}, "triage_days"),
        ({"bogus": "x"}, "bogus"),
        ({"expiry_days": True}, "expiry_days"),
    ],
)
def test_bad_settings_name_their_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate(from_mapping(DisclosureSettings(), values))
    assert field in [p.field for p in refused.value.problems]


def real_files(shared: Path) -> list[Path]:
    folder = shared / "security-txt"
    return sorted(
        p
        for sub in ("real-world", "parser-fixtures", "rfc")
        for p in (folder / sub).glob("*.txt")
        if p.name not in {"rfc9116.txt", "csaf-field-registration.txt"}
    )


def test_reader_agrees_with_sectxt_on_real_files(shared_data: Path) -> None:
    files = real_files(shared_data)
    assert len(files) >= 12
    for path in files:
        raw = path.read_bytes()
        theirs = Parser(raw, urls=URL)
        ours = security_txt.parse(raw.decode("utf-8"), NOW)
        expected = {
            name: tuple(values)
            for name, values in theirs._values.items()
            if name in {k.lower() for k in security_txt.KNOWN_FIELDS}
        }
        assert {k.lower(): v for k, v in ours.fields.items()} == expected, path.name
        codes = {e["code"] for e in theirs.errors}
        messages = " ".join(p.message for p in ours.problems)
        assert ("no_contact" in codes) == ("Contact is required" in messages), path.name
        assert ("no_expire" in codes) == ("Expires is required" in messages), path.name
        assert ("expired" in codes) == ("expired on" in messages), path.name
        assert ("no_https" in codes) == ("must be an https URI" in messages), path.name
        assert ("invalid_expiry" in codes) == ("not an RFC 3339" in messages), path.name


def test_reader_strips_signatures_and_keeps_unknown_fields_apart(shared_data: Path) -> None:
    folder = shared_data / "security-txt" / "parser-fixtures"
    signed = security_txt.parse((folder / "valid-signed.txt").read_text(), NOW)
    assert signed.signed
    assert signed.values("Contact") == ("mailto:security@example.com",)
    extended = security_txt.parse((folder / "extension-fields.txt").read_text(), NOW)
    assert extended.problems == ()
    assert set(extended.unknown) == {"X-Team", "X-Bug-Bounty"}


def test_our_generated_file_reads_back_identically() -> None:
    settings = full_settings()
    parsed = security_txt.parse(security_txt.generate(settings, NOW), NOW)
    assert parsed.values("Contact") == settings.contacts
    assert parsed.values("Encryption") == settings.encryption
    assert parsed.values("CSAF") == settings.csaf
    assert parsed.expires() == settings.expires_at


def test_an_http_public_address_is_refused_with_the_reason() -> None:
    """It would put http into Canonical and Policy, which RFC 9116 §2.5 forbids."""
    settings = from_mapping(
        DisclosureSettings(),
        {"contacts": ["mailto:psirt@example.com"], "public_base_url": "http://psirt.example.com"},
    )
    with pytest.raises(InvalidInput) as refused:
        validate(settings)
    (problem,) = refused.value.problems
    assert problem.field == "public_base_url"
    assert "must start with https://" in problem.message
    assert "Canonical and Policy" in problem.message
    assert "RFC 9116" in problem.message


def test_stored_settings_with_an_http_address_never_write_http() -> None:
    """Settings saved before the refusal: no security.txt rather than one with http."""
    now = datetime(2026, 12, 5, tzinfo=UTC)
    settings = DisclosureSettings(
        contacts=("mailto:psirt@example.com",),
        public_base_url="http://psirt.example.com",
        expires_at=now + timedelta(days=30),
    )
    with pytest.raises(InvalidInput) as refused:
        security_txt.generate(settings, now)
    assert {p.field for p in refused.value.problems} == {"public_base_url"}
