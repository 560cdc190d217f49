"""Every error an API call can meet, as an RFC 9457 problem document (api layer)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rempart.core.errors import (
    CatalogError,
    Conflict,
    FormatError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RempartError,
)

STATUS: list[tuple[type[RempartError], int, str]] = [
    (InvalidInput, 422, "Invalid input"),
    (FormatError, 422, "Unreadable document"),
    (NotFound, 404, "Not found"),
    (Conflict, 409, "Conflict"),
    (PermissionDenied, 403, "Forbidden"),
    (CatalogError, 500, "Catalog error"),
]


def status_of(error: RempartError) -> tuple[int, str]:
    for kind, status, title in STATUS:
        if isinstance(error, kind):
            return status, title
    return 400, "Request refused"


def problem(
    api: NinjaAPI, request: HttpRequest, status: int, title: str, detail: str, **extra: object
) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def install_problem_handlers(api: NinjaAPI) -> None:
    def rempart_error(request: HttpRequest, error: RempartError) -> HttpResponse:
        status, title = status_of(error)
        errors = [
            {"field": p.field, "message": p.message, "citation": p.citation} for p in error.problems
        ]
        return problem(api, request, status, title, error.message, kind=error.kind, errors=errors)

    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = [
            {
                "field": ".".join(
                    str(part) for part in item.get("loc", ()) if part not in ("body", "payload")
                ),
                "message": item.get("msg", "invalid"),
            }
            for item in error.errors
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(api, request, 422, "Invalid input", detail, kind="invalid", errors=errors)

    def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:  # noqa: ARG001
        response = problem(
            api, request, 401, "Unauthorized", "a valid API token or session is required"
        )
        response["WWW-Authenticate"] = 'Bearer realm="rempart"'
        return response

    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        return problem(api, request, error.status_code, "Request refused", str(error))

    api.add_exception_handler(RempartError, rempart_error)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, validation_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, authentication_error)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
