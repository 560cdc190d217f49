"""``rempart risk`` and ``rempart selfassess``: risk assessments and self-assessment (cli layer).

The risk assessment of Art. 13(2)-(3) (ART13-2, ART13-3) per release; JSON output is documented
in docs/cli-json.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rempart.cli.bootstrap import operator_context, setup_django
from rempart.cli.output import FORMAT_OPTION, emit, print_table, say
from rempart.core.errors import InvalidInput, NotFound
from rempart.core.risk.assessment import CITATIONS, Risk, RiskAssessment
from rempart.services.context import ServiceContext

RELEASE_OPTION = click.option(
    "--release", "version", default=None, help="Release version (default: the latest release)."
)


def risk_dict(risk: Risk) -> dict[str, Any]:
    return {
        "identifier": risk.identifier,
        "title": risk.title,
        "description": risk.description,
        "threat": risk.threat,
        "asset": risk.asset,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "rating": risk.rating,
        "treatment": risk.treatment,
        "treatment_description": risk.treatment_description,
        "requirement_ids": list(risk.requirement_ids),
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "residual_rating": risk.residual_rating,
        "owner": risk.owner,
        "next_review": risk.next_review,
    }


def assessment_dict(ctx: ServiceContext, found: RiskAssessment) -> dict[str, Any]:
    today = ctx.clock.now().date()
    return {
        "product": found.product_slug,
        "release": found.release_version,
        "based_on": found.based_on_version,
        "citations": list(CITATIONS),
        "intended_purpose": found.intended_purpose,
        "foreseeable_use": found.foreseeable_use,
        "operational_environment": found.operational_environment,
        "assets": list(found.assets),
        "owner": found.owner,
        "last_reviewed": found.last_reviewed,
        "next_review_due": found.next_review_due,
        "review_overdue": found.review_overdue(today),
        "threats": [
            {"identifier": t.identifier, "title": t.title, "asset": t.asset, "source": t.source}
            for t in found.threats
        ],
        "risks": [{**risk_dict(r), "review_overdue": r.review_overdue(today)} for r in found.risks],
    }


def _version(ctx: ServiceContext, slug: str, version: str | None) -> str:
    if version:
        return version
    from rempart.services.products import register as products

    latest = products.get_product(ctx, slug).latest_release()
    if latest is None:
        raise NotFound(f"{slug!r} has no released release; name one with --release")
    return latest.version


@click.group()
def risk() -> None:
    """The cybersecurity risk assessment of each release (Art. 13(2)-(3): ART13-2, ART13-3)."""


@risk.command("start")
@click.argument("product")
@RELEASE_OPTION
@click.option("--copy-from", default=None, help="Start as a copy of this release's assessment.")
@FORMAT_OPTION
def risk_start(product: str, version: str | None, copy_from: str | None, fmt: str) -> None:
    """Start a release's risk assessment, empty or as a copy of an earlier one."""
    setup_django()
    from rempart.services.risk import assessment as service

    ctx = operator_context()
    started = service.start_assessment(
        ctx, product, _version(ctx, product, version), None, copy_from
    )
    emit(
        assessment_dict(ctx, started),
        fmt,
        lambda d: say(f"Started the risk assessment of {d['product']} {d['release']} [ART13-3]."),
    )


@risk.command("list")
@click.argument("product")
@RELEASE_OPTION
@FORMAT_OPTION
def risk_list(product: str, version: str | None, fmt: str) -> None:
    """List the risks of a release with rating, treatment and Annex I mapping."""
    setup_django()
    from rempart.services.risk import assessment as service

    ctx = operator_context()
    found = service.require_assessment(ctx, product, _version(ctx, product, version))
    data = [risk_dict(r) for r in found.risks]

    def table(rows: list[dict[str, Any]]) -> None:
        print_table(
            f"Risks of {found.product_slug} {found.release_version} [ART13-2, ART13-3]",
            ["ID", "Title", "Likelihood × impact", "Rating", "Treatment", "Annex I", "Residual"],
            [
                [
                    r["identifier"],
                    r["title"],
                    f"{r['likelihood']} × {r['impact']}",
                    r["rating"],
                    r["treatment"],
                    " ".join(r["requirement_ids"]),
                    r["residual_rating"] or "—",
                ]
                for r in rows
            ],
        )

    emit(data, fmt, table)


@risk.command("show")
@click.argument("product")
@RELEASE_OPTION
@FORMAT_OPTION
def risk_show(product: str, version: str | None, fmt: str) -> None:
    """Show a release's risk assessment: purpose, environment, assets, threats and risks."""
    setup_django()
    from rempart.services.risk import assessment as service

    ctx = operator_context()
    found = service.require_assessment(ctx, product, _version(ctx, product, version))

    def table(d: dict[str, Any]) -> None:
        based = f" (copied from {d['based_on']})" if d["based_on"] else ""
        say(
            f"[bold]Risk assessment of {d['product']} {d['release']}[/bold]{based} [ART13-2, ART13-3]"
        )
        say(f"Intended purpose: {d['intended_purpose'] or '—'}")
        say(f"Reasonably foreseeable use: {d['foreseeable_use'] or '—'}")
        say(f"Operational environment: {d['operational_environment'] or '—'}")
        say(f"Assets: {', '.join(d['assets']) or '—'}")
        overdue = " [red]OVERDUE[/red]" if d["review_overdue"] else ""
        say(f"Owner: {d['owner'] or '—'}; next review due: {d['next_review_due'] or '—'}{overdue}")
        print_table(
            "Risks",
            ["ID", "Title", "Rating", "Treatment", "Annex I", "Owner", "Next review"],
            [
                [
                    r["identifier"],
                    r["title"],
                    r["rating"],
                    r["treatment"],
                    " ".join(r["requirement_ids"]),
                    r["owner"],
                    r["next_review"],
                ]
                for r in d["risks"]
            ],
        )

    emit(assessment_dict(ctx, found), fmt, table)


@risk.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--product", required=True)
@RELEASE_OPTION
@click.option("--start", is_flag=True, help="Start the assessment first when there is none.")
@FORMAT_OPTION
def risk_import(file: Path, product: str, version: str | None, start: bool, fmt: str) -> None:
    """Import a threat list from CSV (docs/risk-csv.md): all rows or none."""
    setup_django()
    from rempart.services.risk import assessment as service

    ctx = operator_context()
    try:
        with file.open("rb") as handle:
            data = handle.read(service.THREAT_CSV_MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidInput.single("FILE", f"{file}: {exc.strerror or exc}") from exc
    release = _version(ctx, product, version)
    if start and service.get_assessment(ctx, product, release) is None:
        service.start_assessment(ctx, product, release)
    result = service.import_threats(ctx, product, release, data)
    emit(
        {
            "product": product,
            "release": release,
            "threats": list(result.threats),
            "risks": list(result.risks),
        },
        fmt,
        lambda d: say(
            f"Imported {len(d['threats'])} threat(s) and {len(d['risks'])} risk(s) into "
            f"{product} {release}."
        ),
    )


@risk.command("export")
@click.argument("product")
@RELEASE_OPTION
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Default: stdout."
)
def risk_export(product: str, version: str | None, output: Path | None) -> None:
    """Export a release's risks as CSV (cells that could run as formulas are escaped)."""
    setup_django()
    from rempart.services.risk import assessment as service

    ctx = operator_context()
    data = service.export_risks(ctx, product, _version(ctx, product, version))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.write_bytes(data)


@click.group()
def selfassess() -> None:
    """The guided self-assessment: questionnaire answers, tests, training and audits."""


@selfassess.command("show")
@click.argument("product")
@FORMAT_OPTION
def selfassess_show(product: str, fmt: str) -> None:
    """Show the questionnaire with answers, and the test, training and audit records."""
    setup_django()
    from rempart.services.risk import selfassessment

    ctx = operator_context()
    shown = selfassessment.show(ctx, product)
    data = {
        "product": product,
        "questionnaire_version": shown.questionnaire.version,
        "answered": shown.answered(),
        "questions": [
            {
                "id": q.id,
                "area": q.area,
                "text": q.text,
                "requirement_ids": list(q.requirement_ids),
                "answer": shown.answers[q.id].answer if q.id in shown.answers else None,
                "comment": shown.answers[q.id].comment if q.id in shown.answers else "",
            }
            for q in shown.questionnaire.question
        ],
        "security_tests": [
            {
                "kind": t.kind,
                "date": t.performed_on,
                "tester": t.tester,
                "scope": t.scope,
                "requirement_ids": list(t.requirement_ids),
                "findings": [
                    {"title": f.title, "severity": f.severity, "status": f.status}
                    for f in t.findings
                ],
            }
            for t in shown.tests
        ],
        "trainings": [
            {
                "date": t.held_on,
                "people": t.people,
                "topic": t.topic,
                "requirement_ids": list(t.requirement_ids),
            }
            for t in shown.trainings
        ],
        "audits": [
            {
                "date": a.performed_on,
                "auditor": a.auditor,
                "scope": a.scope,
                "result": a.result,
                "requirement_ids": list(a.requirement_ids),
            }
            for a in shown.audits
        ],
    }

    def table(d: dict[str, Any]) -> None:
        print_table(
            f"Self-assessment of {product}: {d['answered']} of {len(d['questions'])} answered",
            ["ID", "Area", "Question", "Requirements", "Answer"],
            [
                [q["id"], q["area"], q["text"], " ".join(q["requirement_ids"]), q["answer"] or "—"]
                for q in d["questions"]
            ],
        )
        say(
            f"{len(d['security_tests'])} security test(s), {len(d['trainings'])} training(s), "
            f"{len(d['audits'])} third-party audit(s)."
        )

    emit(data, fmt, table)


COMMANDS = [risk, selfassess]
