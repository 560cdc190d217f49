"""The store's models, one module per aggregate (store layer)."""

from rempart.store.models.accounts import ApiToken, LoginAttempt, Role, UserProfile
from rempart.store.models.assessment import (
    ActionItem,
    AssessmentSettings,
    EvidenceItem,
    RequirementChange,
    RequirementEntry,
    SecureDefault,
)
from rempart.store.models.audit import AuditEvent, AuditHead
from rempart.store.models.disclosure import (
    DisclosureSettings,
    IntakeAttempt,
    ReportNote,
    UsedFormToken,
    VulnerabilityReport,
)
from rempart.store.models.notify import NotificationChannel, ReminderDelivery, ReminderPolicy
from rempart.store.models.organization import Organization
from rempart.store.models.product import Product, Release
from rempart.store.models.reporting import (
    CaseStage,
    CsirtRequest,
    ProductAvailability,
    ReportingCase,
    ReportingSettings,
)
from rempart.store.models.risk import (
    Risk,
    RiskAssessment,
    SecurityTest,
    SecurityTraining,
    SelfAssessmentAnswer,
    ThirdPartyAudit,
    Threat,
)
from rempart.store.models.sbom import Component, DependencyEdge, Sbom, SbomContent
from rempart.store.models.vulnerability import (
    Advisory,
    AdvisoryPackage,
    AdvisorySource,
    EpssScore,
    Finding,
    KevEntry,
    ReleaseSummary,
    Scan,
    ScanRequest,
    ScheduledRun,
    VulnerabilityAlias,
)

__all__ = [
    "ActionItem",
    "Advisory",
    "AdvisoryPackage",
    "AdvisorySource",
    "ApiToken",
    "AssessmentSettings",
    "AuditEvent",
    "AuditHead",
    "CaseStage",
    "Component",
    "CsirtRequest",
    "DependencyEdge",
    "DisclosureSettings",
    "EpssScore",
    "EvidenceItem",
    "Finding",
    "IntakeAttempt",
    "KevEntry",
    "LoginAttempt",
    "NotificationChannel",
    "Organization",
    "Product",
    "ProductAvailability",
    "Release",
    "ReleaseSummary",
    "ReminderDelivery",
    "ReminderPolicy",
    "ReportNote",
    "ReportingCase",
    "ReportingSettings",
    "RequirementChange",
    "RequirementEntry",
    "Risk",
    "RiskAssessment",
    "Role",
    "Sbom",
    "SbomContent",
    "Scan",
    "ScanRequest",
    "ScheduledRun",
    "SecureDefault",
    "SecurityTest",
    "SecurityTraining",
    "SelfAssessmentAnswer",
    "ThirdPartyAudit",
    "Threat",
    "UsedFormToken",
    "UserProfile",
    "VulnerabilityAlias",
    "VulnerabilityReport",
]
