"""URLs of the web interface (web layer)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from rempart.web.views import admin, auth, catalog, products, releases, wizard
from rempart.web.views import risk as risk_views
from rempart.web.views import selfassessment as selfassessment_views


def healthz(request: HttpRequest) -> HttpResponse:  # noqa: ARG001
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", products.product_list, name="home"),
    path("healthz", healthz),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("products/", products.product_list, name="products"),
    path("products/new/", wizard.start_new, name="product-new"),
    path("products/wizard/<str:name>/", wizard.step, name="wizard"),
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
    path("settings/users/", admin.users, name="users"),
    path("settings/users/<str:username>/", admin.change_user, name="user-change"),
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
]
