"""Every error an API call can meet, as an RFC 9457 problem document (api layer).

Status, title and type of a Rempart error come from the one table, ``rempart.core.error_kinds``.
"""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from rempart.core import strict_json
from rempart.core.error_kinds import rule_for
from rempart.core.errors import FormatError, RempartError
from rempart.core.strict_json import DuplicateKey


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    title: str,
    detail: str,
    problem_type: str = "about:blank",
    **extra: object,
) -> HttpResponse:
    body = {"type": problem_type, "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


class StrictJsonParser(Parser):
    """Request bodies through :func:`rempart.core.strict_json.loads`: duplicate keys refused.

    ninja turns any parser exception into ``HttpError(400)`` with the exception as its cause;
    the handler below answers 422 and names the key (or the JSON syntax error).
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return cast(dict[str, Any], strict_json.loads(request.body))


def install_problem_handlers(api: NinjaAPI) -> None:
    def rempart_error(request: HttpRequest, error: RempartError) -> HttpResponse:
        rule = rule_for(error)
        errors = [
            {"field": p.field, "message": p.message, "citation": p.citation} for p in error.problems
        ]
        return problem(
            api,
            request,
            rule.http_status,
            rule.title,
            error.message,
            rule.problem_type,
            kind=error.kind,
            errors=errors,
        )

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
        cause = error.__cause__
        if isinstance(cause, DuplicateKey):
            message = f"duplicate key {cause.key!r}: each key may appear once per object"
            errors = [{"field": cause.key, "message": message}]
            return problem(
                api, request, 422, "Invalid input", message, kind="invalid", errors=errors
            )
        if isinstance(cause, ValueError):  # not JSON (json.JSONDecodeError is a ValueError)
            rule = rule_for(FormatError(str(cause)))
            detail = f"the request body is not valid JSON: {cause}"
            return problem(
                api, request, 422, rule.title, detail, rule.problem_type, kind="format", errors=[]
            )
        return problem(api, request, error.status_code, "Request refused", str(error))

    api.add_exception_handler(RempartError, rempart_error)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, validation_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, authentication_error)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
