"""The SBOM quality score per rule family (CRA minimum, NTIA, BSI TR-03183-2)."""

from __future__ import annotations

from rempart.core.component import Component, Encoding, SbomDocument, SbomFormat
from rempart.core.sbom_quality import FAMILIES, RuleResult, assess_sbom, family_of, family_scores


def test_each_weighted_rule_belongs_to_one_family() -> None:
    assert family_of("AI-P2-1") == "cra"
    assert family_of("IDENT-MATCHABLE") == "cra"
    assert family_of("NTIA-SUPPLIER") == "ntia"
    assert family_of("SBOM-BSI-C-HASH") == "bsi"
    assert family_of("SBOM-SCHEMA") is None  # weighs nothing
    assert [key for key, _ in FAMILIES] == ["cra", "ntia", "bsi"]


def test_family_score_is_the_weighted_pass_rate_of_its_rules() -> None:
    rules = [
        RuleResult("AI-P2-1", 20, 1, 1),
        RuleResult("IDENT-MATCHABLE", 20, 1, 2),  # half
        RuleResult("NTIA-NAME", 3, 0, 4),
        RuleResult("NTIA-VERSION", 5, 4, 4),
        RuleResult("SBOM-PARSE", 0, 0, 1),  # no weight: ignored
    ]
    assert family_scores(rules) == {"cra": 75, "ntia": round(100 * 5 / 8), "bsi": 0}


def test_every_weighted_rule_of_a_real_report_is_counted() -> None:
    document = SbomDocument(
        format=SbomFormat.CYCLONEDX,
        spec_version="1.6",
        encoding=Encoding.JSON,
        components=(Component("a", "a", version="1.0", purl="pkg:npm/a@1.0"),),
    )
    report = assess_sbom(document)
    weighted = [r for r in report.rules if r.weight]
    assert all(family_of(r.rule_id) is not None for r in weighted)
    assert sum(r.weight for r in weighted) == 100
    assert set(family_scores(report.rules)) == {"cra", "ntia", "bsi"}
