"""``/api/v1/vulnerability-reports/{reference}/case``: open an Art. 14 case from a report."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from rempart.api.auth import context
from rempart.api.schemas.common import ProblemOut
from rempart.services.reporting import report_cases

router = Router(tags=["vulnerability reports"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 409: ProblemOut, 422: ProblemOut}


class OpenCaseIn(Schema):
    kind: str = Field("vulnerability", max_length=16, description="vulnerability | incident")


class CasesOut(Schema):
    report: str
    cases: list[str]


@router.get("/{reference}/cases", response={200: CasesOut, **ERRORS})
def cases(request: HttpRequest, reference: str) -> CasesOut:
    found = report_cases.cases_for_report(context(request), reference)
    return CasesOut(report=reference, cases=found)


@router.post(
    "/{reference}/case",
    response={201: CasesOut, **ERRORS},
    summary="Open a proposed reporting case (awareness is confirmed on the case)",
)
def open_case(request: HttpRequest, reference: str, payload: OpenCaseIn) -> Status[CasesOut]:
    case = report_cases.open_case_from_report(context(request), reference, kind=payload.kind)
    return Status(201, CasesOut(report=reference, cases=[case.reference]))
