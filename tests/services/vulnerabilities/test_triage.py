"""Triage: decisions with their rules, bulk, history and audit; apply elsewhere; inheritance;
the workbench's filters, groups and pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rempart.core.errors import InvalidInput, PermissionDenied
from rempart.services.accounts import audit
from rempart.services.context import Actor, ServiceContext
from rempart.services.products import register as products
from rempart.services.products.register import ReleaseDraft
from rempart.services.sboms import release_sboms as sboms
from rempart.services.vulnerabilities import scanning, triage, workbench
from rempart.services.vulnerabilities.workbench import FindingQuery
from rempart.store.models import Finding, FindingDecision, TriageEvent
from tests.conftest import DEMO


def _find(ctx, **filters):  # type: ignore[no-untyped-def]
    return workbench.find(ctx, FindingQuery(product_slug="gateway", per_page=500, **filters))


def _webp(ctx) -> int:  # type: ignore[no-untyped-def]
    return _find(ctx, component="libwebp").rows[0].id


def test_decision_rules_are_located(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    finding = _webp(operator)
    with pytest.raises(InvalidInput) as caught:
        triage.decide(operator, [finding], "not_affected")
    assert caught.value.problems[0].field == "justification"
    with pytest.raises(InvalidInput) as caught:
        triage.decide(operator, [finding], "affected")
    assert caught.value.problems[0].field == "action_statement"
    with pytest.raises(InvalidInput):
        triage.decide(operator, [finding], "fixed", justification="code_not_present")
    assert not FindingDecision.objects.exists()


def test_decide_keeps_history_and_audit(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    finding = _webp(operator)
    triage.decide(
        operator,
        [finding],
        "affected",
        responses=["update"],
        action_statement="Update libwebp-sys to 0.9.3",
    )
    triage.decide(operator, [finding], "fixed")
    triage.comment(operator, finding, "Shipped in 3.0.1")
    history = triage.history(operator, finding)
    assert [(e.kind, e.data.get("after", {}).get("state")) for e in history] == [
        ("decision", "affected"),
        ("decision", "fixed"),
        ("comment", None),
    ]
    assert history[1].data["before"]["state"] == "affected"
    actions = [e.action for e in audit.list_events(operator, limit=50, object_type="finding")]
    assert actions.count("finding.triage") == 2
    assert "finding.comment" in actions
    row = _find(operator, component="libwebp").rows[0]
    assert (row.state, row.decision_origin) == ("fixed", "manual")


def test_viewers_cannot_triage(gateway, operator, make_user) -> None:  # type: ignore[no-untyped-def]
    viewer = ServiceContext(
        Actor.for_user("v", "viewer", 1), operator.clock, settings=operator.settings
    )
    with pytest.raises(PermissionDenied):
        triage.decide(viewer, [_webp(operator)], "in_triage")


def test_bulk_assign_and_filters(gateway, operator, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("alice", "editor")
    docker = [r.id for r in _find(operator, component="docker").rows]
    assert len(docker) > 3
    triage.assign(operator, docker, "alice", date(2026, 12, 1))
    assigned = _find(operator, assignee="alice")
    assert assigned.total == len(docker)
    assert all(r.due_set_by_hand and r.due_at.date() == date(2026, 12, 1) for r in assigned.rows)
    assert _find(operator, overdue=True).total == 0  # the clock says 2026-11-23
    operator.clock.advance(timedelta(days=9))
    assert {r.id for r in _find(operator, overdue=True).rows} == set(docker)
    with pytest.raises(InvalidInput):
        triage.assign(operator, docker, "nobody")


def test_policy_due_dates(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    rows = _find(operator).rows
    webp = next(r for r in rows if r.component_name == "libwebp-sys")
    assert webp.known_exploited
    assert (webp.due_at - webp.first_seen) == timedelta(days=14)  # known exploited
    critical = next(r for r in rows if r.severity == "critical" and not r.exploited)
    assert (critical.due_at - critical.first_seen) == timedelta(days=30)
    operator.clock.advance(timedelta(days=15))
    assert webp.id in {r.id for r in _find(operator, overdue=True).rows}


def test_pages_groups_and_sorting(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    everything = _find(operator)
    first = workbench.find(operator, FindingQuery(product_slug="gateway", per_page=10))
    second = workbench.find(operator, FindingQuery(product_slug="gateway", per_page=10, page=2))
    assert first.total == everything.total
    assert first.pages == -(-everything.total // 10)
    assert [r.id for r in first.rows + second.rows] == [r.id for r in everything.rows[:20]]
    assert first.rows[0].exploited  # known exploited first
    groups = workbench.group(operator, FindingQuery(product_slug="gateway"), "component")
    assert groups[0].exploited
    assert sum(g.findings for g in groups) == everything.total
    assert (
        _find(operator, fix_available=False).total + _find(operator, fix_available=True).total
        == everything.total
    )


def _second_release(operator) -> None:  # type: ignore[no-untyped-def]
    products.add_release(operator, "gateway", ReleaseDraft("3.1.0", date(2026, 6, 1)))
    data = (DEMO / "sboms" / "gridlink-gateway-firmware-3.0.0.cdx.json").read_bytes()
    sboms.import_sbom(operator, "gateway", "3.1.0", data, label="firmware")


def test_new_release_inherits_decisions_of_unchanged_components(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    finding = _webp(operator)
    triage.decide(
        operator,
        [finding],
        "not_affected",
        "vulnerable_code_not_in_execute_path",
        "WebP is never decoded",
    )
    _second_release(operator)
    scanning.scan_release(operator, "gateway", "3.1.0")
    new = workbench.find(
        operator, FindingQuery(product_slug="gateway", release_version="3.1.0", component="libwebp")
    ).rows[0]
    assert (new.state, new.decision_origin) == ("not_affected", "inherited")
    assert "3.0.0" in new.decision_detail
    assert triage.decision(operator, new.id).origin_finding_id == finding


def test_apply_to_other_releases_with_preview(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    _second_release(operator)
    scanning.scan_release(operator, "gateway", "3.1.0")
    finding = _webp(operator)
    with pytest.raises(InvalidInput):
        triage.preview_apply(operator, finding)  # nothing decided yet
    triage.decide(operator, [finding], "affected", action_statement="Update to 0.9.3")
    preview = triage.preview_apply(operator, finding)
    other = Finding.objects.get(release__version="3.1.0", component_name="libwebp-sys").pk
    assert [(c.finding_id, c.before, c.after) for c in preview] == [
        (other, "in_triage", "affected")
    ]
    with pytest.raises(InvalidInput):
        triage.apply_decision(operator, finding, [finding])  # not in the preview
    assert triage.apply_decision(operator, finding, [other]) == 1
    applied = triage.decision(operator, other)
    assert applied.origin == "applied"
    assert applied.origin_finding_id == finding
    assert triage.preview_apply(operator, finding) == []


def test_rescan_keeps_decisions(gateway, operator) -> None:  # type: ignore[no-untyped-def]
    finding = _webp(operator)
    triage.decide(operator, [finding], "false_positive")
    scanning.scan_release(operator, "gateway", "3.0.0")
    assert _find(operator, component="libwebp").rows[0].state == "false_positive"
    assert TriageEvent.objects.filter(finding_id=finding).count() == 1
