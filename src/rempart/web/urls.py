"""URLs of the web interface (web layer)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from rempart.web.views import admin, auth, catalog, products, releases, wizard


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

from rempart.web.views import reporting  # noqa: E402

urlpatterns += [
    path("cases/", reporting.dashboard, name="cases"),
    path("cases/new/", reporting.open_case, name="case-new"),
    path("cases/propose/", reporting.propose, name="case-propose"),
    path("cases/<str:reference>/", reporting.case_detail, name="case"),
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
