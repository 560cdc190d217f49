"""The coordinated vulnerability disclosure policy, written from the settings (core layer).

Annex I Part II point (5) requires a CVD policy (``AI-P2-5``), point (6) a contact address
(``AI-P2-6``); Annex II point 2 says the user information must say where the policy is
(``AII-2``). The wording here is Rempart's, not the law's: each section names the catalog IDs it
serves, and screens show those citations with the catalog's own text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from rempart.core.disclosure.settings import DisclosureSettings

SERVES = ("AI-P2-5", "AI-P2-6", "ART13-8", "ART13-17", "AII-2", "AI-P2-4")


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    title: str
    sections: tuple[Section, ...]
    citations: tuple[str, ...] = SERVES


def _contact_lines(settings: DisclosureSettings) -> tuple[str, ...]:
    lines = [f"Contact: {value}" for value in settings.contacts]
    if settings.intake_open and settings.report_url():
        lines.insert(0, f"Web form (no account needed): {settings.report_url()}")
    lines += [f"Encryption key: {value}" for value in settings.encryption]
    return tuple(lines)


def build_policy(
    settings: DisclosureSettings, products: tuple[str, ...], today: date
) -> PolicyDocument:
    """The policy text; ``products`` are the names of the products in scope."""
    name = settings.organization_name or "The manufacturer"
    languages = ", ".join(settings.preferred_languages) or "en"
    scope = products or ("every product with digital elements we place on the market",)
    sections = [
        Section(
            "Scope",
            (
                f"{name} welcomes reports of vulnerabilities in the following products, "
                "including in the third-party components they contain:",
            ),
            scope,
            ("AI-P2-5", "AI-P2-6"),
        ),
        Section(
            "How to report",
            (
                "Use any of these channels; none requires an account, and you may choose the one "
                f"that suits you. We read reports in: {languages}.",
            ),
            _contact_lines(settings) or ("A contact address has not been published yet.",),
            ("AI-P2-6", "ART13-17", "AII-2"),
        ),
        Section(
            "What to include",
            ("Help us reproduce and assess the problem quickly:",),
            (
                "the affected product and version(s)",
                "a description of the vulnerability and its impact",
                "steps to reproduce, proof-of-concept code or logs (no real personal data)",
                "whether you know of it being exploited, and how you would like to be credited",
            ),
            ("AI-P2-6",),
        ),
        Section(
            "What we commit to",
            (),
            (
                f"acknowledge your report within {settings.acknowledge_days} days",
                f"give a first assessment (triage) within {settings.triage_days} days",
                "keep you informed of progress; with a web-form report, check the status page "
                "with your tracking reference",
                "handle vulnerabilities effectively for the whole support period of the product",
            ),
            ("AI-P2-5", "ART13-8"),
        ),
        Section(
            "Coordinated disclosure",
            (
                f"We ask you to keep the vulnerability confidential for up to "
                f"{settings.disclosure_days} days after your report, or until a fix is available, "
                "whichever is sooner, and to agree a publication date with us. Once a security "
                "update is available we publish the fixed vulnerability in an advisory; publication "
                "may be delayed only in duly justified cases until users could apply the patch.",
            ),
            (),
            ("AI-P2-4", "AI-P2-5"),
        ),
    ]
    if settings.safe_harbour:
        sections.append(
            Section(
                "Safe harbour",
                (
                    "We will not take legal action against, or ask law enforcement to investigate, "
                    "anyone who reports in good faith under this policy: who avoids privacy violations, "
                    "data destruction and service disruption, accesses only what is needed to show the "
                    "vulnerability, and gives us reasonable time to fix it before disclosure.",
                ),
            )
        )
    credit = (
        "With your consent we thank you by name in the advisory"
        + (f" and on {settings.acknowledgments}" if settings.acknowledgments else "")
        + "."
        if settings.credit_reporters
        else "We do not publish reporters' names."
    )
    sections.append(Section("Credit", (credit,)))
    machine = [f"security.txt (RFC 9116): {url}" for url in settings.canonical_urls()]
    machine += [f"CSAF provider metadata: {url}" for url in settings.csaf]
    if machine:
        sections.append(Section("Machine-readable", (), tuple(machine)))
    sections.append(Section("Version", (f"This policy was generated on {today.isoformat()}.",)))
    return PolicyDocument(f"Vulnerability disclosure policy of {name}", tuple(sections))


def _refs(ids: Sequence[str], refer: Callable[[str], str]) -> str:
    return "; ".join(dict.fromkeys(refer(i) for i in ids))


def to_markdown(document: PolicyDocument, refer: Callable[[str], str] = str) -> str:
    """The policy as Markdown; ``refer`` turns a catalog ID into the legal reference shown
    (a published policy names articles, not Rempart's internal IDs)."""
    out = [f"# {document.title}", ""]
    for section in document.sections:
        out += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            out += [paragraph, ""]
        if section.items:
            out += [f"- {item}" for item in section.items] + [""]
        if section.citations:
            out += [f"_Serves: {_refs(section.citations, refer)}_", ""]
    out.append(
        f"Requirements served (Regulation (EU) 2024/2847): {_refs(document.citations, refer)}"
    )
    return "\n".join(out) + "\n"


def to_html(document: PolicyDocument, refer: Callable[[str], str] = str) -> str:
    """A standalone HTML page; every value is escaped (``refer`` as for Markdown)."""
    esc = html.escape
    body = [f"<h1>{esc(document.title)}</h1>"]
    for section in document.sections:
        body.append(f"<h2>{esc(section.heading)}</h2>")
        body += [f"<p>{esc(p)}</p>" for p in section.paragraphs]
        if section.items:
            body.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in section.items) + "</ul>")
        if section.citations:
            body.append(f'<p class="serves">Serves: {esc(_refs(section.citations, refer))}</p>')
    body.append(
        "<p>Requirements served (Regulation (EU) 2024/2847): "
        f"{esc(_refs(document.citations, refer))}</p>"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{esc(document.title)}</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
