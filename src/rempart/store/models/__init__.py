"""The store's models, one module per aggregate (store layer)."""

from rempart.store.models.accounts import ApiToken, LoginAttempt, Role, UserProfile
from rempart.store.models.audit import AuditEvent, AuditHead
from rempart.store.models.organization import Organization
from rempart.store.models.product import Product, Release
from rempart.store.models.sbom import Component, DependencyEdge, Sbom, SbomContent
from rempart.store.models.vulnerability import (
    Advisory,
    AdvisoryPackage,
    AdvisorySource,
    EpssScore,
    Finding,
    KevEntry,
    Scan,
    ScheduledRun,
)

__all__ = [
    "Advisory",
    "AdvisoryPackage",
    "AdvisorySource",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "Component",
    "DependencyEdge",
    "EpssScore",
    "Finding",
    "KevEntry",
    "LoginAttempt",
    "Organization",
    "Product",
    "Release",
    "Role",
    "Sbom",
    "SbomContent",
    "Scan",
    "ScheduledRun",
    "UserProfile",
]
from rempart.store.models.reporting import (
    CaseStage,
    CsirtRequest,
    ReportingCase,
    ReportingSettings,
)

__all__ += ["CaseStage", "CsirtRequest", "ReportingCase", "ReportingSettings"]
