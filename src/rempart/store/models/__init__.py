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
from rempart.store.models.documents import ProductDocumentation, PublicRequestCount
from rempart.store.models.enrichment import CveRecord, VulnerabilityEnrichment
from rempart.store.models.jobs import AdvisoryJob
from rempart.store.models.notify import NotificationChannel, ReminderDelivery, ReminderPolicy
from rempart.store.models.organization import Organization
from rempart.store.models.product import Product, Release
from rempart.store.models.reporting import (
    CaseHistoryEntry,
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
from rempart.store.models.security_advisory import (
    AdvisoryRevision,
    CsafSettings,
    SecurityAdvisory,
)
from rempart.store.models.triage import (
    FindingAssignment,
    FindingComment,
    FindingDecision,
    TriageEvent,
    VexDocument,
)
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
from rempart.store.models.wizard import WizardDraft

__all__ = [
    "ActionItem",
    "Advisory",
    "AdvisoryJob",
    "AdvisoryPackage",
    "AdvisoryRevision",
    "AdvisorySource",
    "ApiToken",
    "AssessmentSettings",
    "AuditEvent",
    "AuditHead",
    "CaseHistoryEntry",
    "CaseStage",
    "Component",
    "CsafSettings",
    "CsirtRequest",
    "CveRecord",
    "DependencyEdge",
    "DisclosureSettings",
    "EpssScore",
    "EvidenceItem",
    "Finding",
    "FindingAssignment",
    "FindingComment",
    "FindingDecision",
    "IntakeAttempt",
    "KevEntry",
    "LoginAttempt",
    "NotificationChannel",
    "Organization",
    "Product",
    "ProductAvailability",
    "ProductDocumentation",
    "PublicRequestCount",
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
    "SecurityAdvisory",
    "SecurityTest",
    "SecurityTraining",
    "SelfAssessmentAnswer",
    "ThirdPartyAudit",
    "Threat",
    "TriageEvent",
    "UsedFormToken",
    "UserProfile",
    "VexDocument",
    "VulnerabilityAlias",
    "VulnerabilityEnrichment",
    "VulnerabilityReport",
    "WizardDraft",
]
