"""URLs of the web interface (web layer)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from rempart.web.views import admin, auth, catalog, products, releases, wizard
from rempart.web.views import assessment as assessment_views
from rempart.web.views import assessment_settings as assessment_settings_views


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
