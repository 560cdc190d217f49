"""URLs of the web interface (web layer)."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.urls import path

from rempart.web.views import (
    admin,
    auth,
    catalog,
    dashboard,
    notifications,
    product_page,
    products,
    releases,
    report_cases,
    wizard,
)
from rempart.web.views import assessment as assessment_views
from rempart.web.views import assessment_settings as assessment_settings_views
from rempart.web.views import availability as availability_views
from rempart.web.views import disclosure_public as cvd_public
from rempart.web.views import documents as documents_views
from rempart.web.views import risk as risk_views
from rempart.web.views import selfassessment as selfassessment_views
from rempart.web.views import vulnerability_reports as cvd_queue


def healthz(request: HttpRequest) -> HttpResponse:  # noqa: ARG001
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:  # noqa: ARG001
    """``/favicon.ico``, which browsers ask for on every page that names no icon (a PDF, JSON)."""
    icon = finders.find("rempart/favicon.ico")
    response = HttpResponse(Path(str(icon)).read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    path("", dashboard.home, name="home"),
    path("dashboard/charts/", dashboard.charts, name="dashboard-charts"),
    path("healthz", healthz),
    path("favicon.ico", favicon, name="favicon"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("products/", products.product_list, name="products"),
    path("products/new/", wizard.start_new, name="product-new"),
    path("products/wizard/<int:draft_id>/<str:name>/", wizard.step, name="wizard-step"),
    path(
        "products/wizard/<int:draft_id>/scope/answers/",
        wizard.scope_live,
        name="wizard-scope-live",
    ),
    path("products/wizard/<int:draft_id>/discard/", wizard.discard, name="wizard-discard"),
    path("products/wizard/<str:name>/", wizard.resume, name="wizard"),
    path("products/<slug:slug>/", products.product_detail, name="product"),
    path("products/<slug:slug>/edit/", wizard.start_edit, name="product-edit"),
    path("products/<slug:slug>/releases/", products.add_release, name="release-add"),
    path("products/<slug:slug>/diff/", releases.diff, name="release-diff"),
    path("products/<slug:slug>/releases/<str:version>/", releases.release_detail, name="release"),
    path(
        "products/<slug:slug>/releases/<str:version>/components/",
        releases.components,
        name="release-components",
    ),
    path("products/<slug:slug>/releases/<str:version>/sboms/", releases.upload, name="sbom-upload"),
    path(
        "products/<slug:slug>/releases/<str:version>/sboms/<int:sbom_id>/remove/",
        releases.remove,
        name="sbom-remove",
    ),
    path("sboms/<int:sbom_id>/tree/", releases.tree, name="sbom-tree"),
    path("products/<slug:slug>/releases/<str:version>/scan/", releases.scan, name="release-scan"),
    path("vulnerabilities/", releases.vulnerability, name="vulnerability"),
    path("catalog/", catalog.requirements, name="catalog"),
    path("catalog/categories/", catalog.categories, name="catalog-categories"),
    path("catalog/timeline/", catalog.timeline, name="catalog-timeline"),
    path("catalog/entries/<str:entry_id>/", catalog.entry, name="catalog-entry"),
    path("audit/", admin.audit_log, name="audit"),
    path("settings/organization/", admin.organization_settings, name="organization"),
    path("settings/tokens/", admin.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", admin.revoke_token, name="token-revoke"),
    path("settings/profile/", admin.profile, name="profile"),
    path("settings/users/", admin.users, name="users"),
    path("settings/users/<str:username>/", admin.change_user, name="user-change"),
    path("settings/notifications/", notifications.settings_page, name="notifications"),
    path(
        "settings/notifications/<int:channel_id>/enabled/",
        notifications.toggle_channel,
        name="notification-enabled",
    ),
    path(
        "settings/notifications/<int:channel_id>/test/",
        notifications.test_channel,
        name="notification-test",
    ),
    path(".well-known/security.txt", cvd_public.security_txt, name="security-txt"),
    path("security.txt", cvd_public.security_txt),
    path("security/policy/", cvd_public.policy, name="cvd-policy"),
    path("report/", cvd_public.report, name="report"),
    path("report/status/", cvd_public.report_status, name="report-status-lookup"),
    path("report/status/<str:reference>/", cvd_public.report_status, name="report-status"),
    path("vulnerability-reports/", cvd_queue.queue, name="vulnerability-reports"),
    path(
        "vulnerability-reports/<str:reference>/",
        cvd_queue.detail,
        name="vulnerability-report",
    ),
    path(
        "vulnerability-reports/<str:reference>/act/",
        cvd_queue.act,
        name="vulnerability-report-act",
    ),
    path("settings/disclosure/", cvd_queue.settings_page, name="disclosure"),
    path("vulnerability-reports/<str:reference>/case/", report_cases.panel, name="report-case"),
    path(
        "products/<slug:slug>/availability/",
        availability_views.member_states,
        name="product-availability",
    ),
]

_DOCS = "products/<slug:slug>/documents/"
urlpatterns += [
    path(_DOCS, documents_views.page, name="documents"),
    path(f"{_DOCS}public/", documents_views.public_switch, name="documents-public"),
    path(f"{_DOCS}technical-file.zip", documents_views.bundle, name="technical-file"),
    path(f"{_DOCS}<str:kind>/issue/", documents_views.issue, name="document-issue"),
    path(f"{_DOCS}<str:kind>.<str:fmt>", documents_views.preview, name="document-preview"),
    # The public product page: a stable address per product, no login (PUBLIC_PREFIXES).
    path("product-info/<slug:slug>/", product_page.product_page, name="public-product"),
    path(
        "product-info/<slug:slug>/sbom.<str:fmt>.json",
        product_page.product_sbom,
        name="public-product-sbom",
    ),
]

_RISK = "products/<slug:slug>/risk/<str:version>/"
urlpatterns += [
    path(_RISK, risk_views.assessment, name="risk-assessment"),
    path(f"{_RISK}start/", risk_views.start, name="risk-start"),
    path(f"{_RISK}edit/", risk_views.update, name="risk-edit"),
    path(f"{_RISK}threats/", risk_views.add_threat, name="risk-threat-add"),
    path(f"{_RISK}risks/", risk_views.add_risk, name="risk-add"),
    path(f"{_RISK}risks/<str:identifier>/delete/", risk_views.delete_risk, name="risk-delete"),
    path(f"{_RISK}risks/<str:identifier>/edit/", risk_views.edit_risk, name="risk-edit-risk"),
    path(f"{_RISK}import/", risk_views.import_csv, name="risk-import"),
    path(f"{_RISK}export.csv", risk_views.export_csv, name="risk-export"),
    path(
        "products/<slug:slug>/selfassessment/",
        selfassessment_views.questionnaire,
        name="selfassessment",
    ),
    path(
        "products/<slug:slug>/selfassessment/answer/",
        selfassessment_views.answer,
        name="selfassessment-answer",
    ),
    path(
        "products/<slug:slug>/security-records/",
        selfassessment_views.records,
        name="security-records",
    ),
    path(
        "products/<slug:slug>/security-records/tests/",
        selfassessment_views.add_test,
        name="security-test-add",
    ),
    path(
        "products/<slug:slug>/security-records/tests/<int:test_id>/findings/<int:index>/",
        selfassessment_views.finding_status,
        name="security-finding-status",
    ),
    path(
        "products/<slug:slug>/security-records/trainings/",
        selfassessment_views.add_training,
        name="security-training-add",
    ),
    path(
        "products/<slug:slug>/security-records/audits/",
        selfassessment_views.add_audit,
        name="security-audit-add",
    ),
    # Annex I assessment (assess)
    path("assessment/", assessment_views.portfolio, name="assessment-portfolio"),
    path(
        "settings/assessment/",
        assessment_settings_views.assessment_settings,
        name="assessment-settings",
    ),
    path(
        "assessment/evidence/<int:evidence_id>/download/",
        assessment_views.download_evidence,
        name="evidence-download",
    ),
    path(
        "assessment/evidence/<int:evidence_id>/remove/",
        assessment_views.remove_evidence,
        name="evidence-remove",
    ),
    path(
        "products/<slug:slug>/assessment/", assessment_views.product_assessment, name="assessment"
    ),
    path(
        "products/<slug:slug>/assessment/summary/",
        assessment_views.summary,
        name="assessment-summary",
    ),
    path(
        "products/<slug:slug>/assessment/export.<str:fmt>",
        assessment_views.export,
        name="assessment-export",
    ),
    path(
        "products/<slug:slug>/assessment/actions/",
        assessment_views.add_action,
        name="assessment-action-add",
    ),
    path(
        "products/<slug:slug>/assessment/actions/<int:action_id>/",
        assessment_views.set_action_status,
        name="assessment-action",
    ),
    path(
        "products/<slug:slug>/assessment/secure-defaults/",
        assessment_views.add_secure_default,
        name="secure-default-add",
    ),
    path(
        "products/<slug:slug>/assessment/secure-defaults/<int:item_id>/remove/",
        assessment_views.remove_secure_default,
        name="secure-default-remove",
    ),
    path(
        "products/<slug:slug>/assessment/<str:requirement_id>/evidence/",
        assessment_views.add_evidence,
        name="evidence-add",
    ),
    path(
        "products/<slug:slug>/assessment/<str:requirement_id>/",
        assessment_views.requirement_page,
        name="assessment-requirement",
    ),
]

from rempart.web.views import advisories as advisory_views  # noqa: E402
from rempart.web.views import (  # noqa: E402
    advisory_sources,
    case_links,
    reporting,
)
from rempart.web.views import findings as finding_views  # noqa: E402

_FINDING = "findings/<int:finding_id>/"
urlpatterns += [
    path("findings/", finding_views.findings, name="findings"),
    path("findings/bulk/", finding_views.bulk, name="findings-bulk"),
    path(_FINDING, finding_views.finding_page, name="finding"),
    path(f"{_FINDING}decide/", finding_views.decide, name="finding-decide"),
    path(f"{_FINDING}assign/", finding_views.assign, name="finding-assign"),
    path(f"{_FINDING}comment/", finding_views.comment, name="finding-comment"),
    path(f"{_FINDING}apply-preview/", finding_views.apply_preview, name="finding-apply-preview"),
    path(f"{_FINDING}apply/", finding_views.apply, name="finding-apply"),
    path(f"{_FINDING}case/", finding_views.open_case, name="finding-case"),
    path("products/<slug:slug>/findings/", finding_views.findings, name="product-findings"),
    path("advisory-sources/", advisory_sources.page, name="advisory-sources"),
    path("advisory-sources/import/", advisory_sources.upload, name="advisory-sources-import"),
    path("advisory-sources/sync/", advisory_sources.sync, name="advisory-sources-sync"),
    path("advisory-sources/jobs/<int:job_id>/", advisory_sources.job_status, name="advisory-job"),
    path("advisories/", advisory_views.advisory_list, name="advisories"),
    path("advisories/new/", advisory_views.create, name="advisory-new"),
    path("advisories/<str:tracking_id>/", advisory_views.advisory, name="advisory"),
    path("advisories/<str:tracking_id>/publish/", advisory_views.publish, name="advisory-publish"),
    path("advisories/<str:tracking_id>/csaf.json", advisory_views.csaf_json, name="advisory-csaf"),
    path("settings/csaf/", advisory_views.settings_page, name="csaf-settings"),
    path(".well-known/csaf/<path:path>", advisory_views.well_known, name="csaf-directory"),
    path(
        "products/<slug:slug>/releases/<str:version>/vex/",
        advisory_views.vex_import,
        name="vex-import",
    ),
    path(
        "products/<slug:slug>/releases/<str:version>/vex.json",
        advisory_views.vex_export,
        name="vex-export",
    ),
    path(
        "products/<slug:slug>/releases/<str:version>/findings/",
        finding_views.findings,
        name="release-findings",
    ),
]

urlpatterns += [
    path("cases/", reporting.dashboard, name="cases"),
    path("cases/new/", case_links.new_case, name="case-new"),
    path("cases/link-choices/", case_links.link_choices, name="case-link-choices"),
    path("cases/propose/", reporting.propose, name="case-propose"),
    path("cases/<str:reference>/", reporting.case_detail, name="case"),
    path("cases/<str:reference>/links/", case_links.edit_links, name="case-links"),
    path("cases/<str:reference>/confirm/", reporting.confirm, name="case-confirm"),
    path("cases/<str:reference>/dismiss/", reporting.dismiss, name="case-dismiss"),
    path("cases/<str:reference>/measure/", reporting.measure, name="case-measure"),
    path("cases/<str:reference>/requests/", reporting.csirt_request, name="case-request"),
    path("cases/<str:reference>/stages/<str:key>/", reporting.stage, name="case-stage"),
    path(
        "cases/<str:reference>/stages/<str:key>/export/<str:fmt>/",
        reporting.export,
        name="case-export",
    ),
    path("settings/reporting/", reporting.settings_page, name="reporting-settings"),
]
