"""The REST API (django-ninja): one NinjaAPI with its routers and error handlers (api layer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from rempart import __version__
from rempart.api.auth import ApiKeyHeader, BearerToken, SessionAuth
from rempart.api.problems import StrictJsonParser, install_problem_handlers
from rempart.api.routes import (
    advisories,
    audit,
    availability,
    catalog,
    disclosure,
    documents,
    dt_compat,
    findings,
    me,
    notifications,
    organization,
    products,
    report_cases,
    risk,
    sboms,
    triage,
)
from rempart.api.routes import assessment as assessment_routes
from rempart.api.routes import case_links as case_links_routes
from rempart.api.routes import reporting as reporting_routes
from rempart.core.clock import iso


class TimeEncoder(NinjaJSONEncoder):
    """Times as ISO 8601 in UTC to the second (``2026-12-06T09:30:00Z``), never microseconds
    (Django's encoder would print milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and o.tzinfo is not None:
            return iso(o)
        return super().default(o)


class TimeRenderer(JSONRenderer):
    encoder_class = TimeEncoder


api = NinjaAPI(
    title="Rempart API",
    version=__version__,
    description=(
        "Rempart carries a manufacturer through the EU Cyber Resilience Act. Authenticate with "
        "`Authorization: Bearer rmp_…` (create a token with `rempart token create` or on the "
        "Tokens page). Errors are RFC 9457 problem documents."
    ),
    auth=[BearerToken(), ApiKeyHeader(), SessionAuth()],
    urls_namespace="api",
    renderer=TimeRenderer(),
    parser=StrictJsonParser(),
)
install_problem_handlers(api)
api.add_router("/catalog", catalog.router)
api.add_router("/organization", organization.router)
api.add_router("/me", me.router)
api.add_router("/products", products.router)
api.add_router("/products", sboms.router)
api.add_router("/sboms", sboms.sbom_router)
api.add_router("/bom", dt_compat.router)
api.add_router("/event", dt_compat.event_router)
api.add_router("/project", dt_compat.project_router)
api.add_router("", findings.router)
api.add_router("", triage.router)
api.add_router("", advisories.router)
api.add_router("/audit", audit.router)
api.add_router("/notifications", notifications.router)
api.add_router("/public", disclosure.public_router)
api.add_router("/vulnerability-reports", disclosure.router)
api.add_router("/vulnerability-reports", report_cases.router)
api.add_router("/products", risk.router)
api.add_router("/risk", risk.scale_router)
api.add_router("", assessment_routes.router)
api.add_router("/cases", reporting_routes.router)
api.add_router("/cases", case_links_routes.router)
api.add_router("/products", availability.router)
api.add_router("/products", documents.router)
