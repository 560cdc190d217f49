"""The store's models, one module per aggregate (store layer)."""

from rempart.store.models.accounts import ApiToken, LoginAttempt, Role, UserProfile
from rempart.store.models.audit import AuditEvent, AuditHead
from rempart.store.models.organization import Organization
from rempart.store.models.product import Product, Release
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
from rempart.store.models.notify import NotificationChannel, ReminderDelivery, ReminderPolicy

__all__ += ["NotificationChannel", "ReminderDelivery", "ReminderPolicy"]
from rempart.store.models.disclosure import (
    DisclosureSettings,
    IntakeAttempt,
    ReportNote,
    UsedFormToken,
    VulnerabilityReport,
)

__all__ += [
    "DisclosureSettings",
    "IntakeAttempt",
    "ReportNote",
    "UsedFormToken",
    "VulnerabilityReport",
__all__ += [
    "Risk",
    "RiskAssessment",
    "SecurityTest",
    "SecurityTraining",
    "SelfAssessmentAnswer",
    "ThirdPartyAudit",
    "Threat",
from rempart.store.models.assessment import (
    ActionItem,
    AssessmentSettings,
    EvidenceItem,
    RequirementChange,
    RequirementEntry,
    SecureDefault,
)

__all__ += [
    "ActionItem",
    "AssessmentSettings",
    "EvidenceItem",
    "RequirementChange",
    "RequirementEntry",
    "SecureDefault",
]
from rempart.store.models.reporting import (
    CaseStage,
    CsirtRequest,
    ReportingCase,
    ReportingSettings,
)

__all__ += ["CaseStage", "CsirtRequest", "ReportingCase", "ReportingSettings"]
