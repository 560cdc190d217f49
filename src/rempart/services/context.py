"""Who is acting, with what clock, catalog and configuration (services layer).

Every service function takes a :class:`ServiceContext`. Edges build it: the web and API from
the request's user, the CLI as the local operator, jobs as the system; each passes the
:class:`ServiceSettings` its composition root built (``settings.SERVICE_SETTINGS``). Nothing
below the edges reads the environment or Django's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rempart.core.clock import Clock, SystemClock
from rempart.core.cra.catalog import Catalog, load_catalog
from rempart.core.errors import InvalidInput
from rempart.core.links import PageRef
from rempart.formats.limits import SBOM_UPLOAD_MAX_BYTES


@dataclass(frozen=True, slots=True)
class Actor:
    """The principal: a Rempart user (with their role) or a local/system operator."""

    name: str  # shown in the audit trail: "user:alice", "cli:root", "system:worker"
    role: str  # admin | editor | viewer | auditor
    user_id: int | None = None
    # The request came with a read-only API token: ``role`` was narrowed from the user's own
    # role, and a refusal should say so rather than blame the role.
    read_only_token: bool = False

    @classmethod
    def for_user(cls, username: str, role: str, user_id: int) -> Actor:
        return cls(f"user:{username}", role, user_id)

    @classmethod
    def operator(cls, name: str) -> Actor:
        """Someone with shell access to the data directory: they can do anything anyway."""
        return cls(f"cli:{name}", "admin")

    @classmethod
    def system(cls, component: str) -> Actor:
        return cls(f"system:{component}", "admin")

    @classmethod
    def public(cls) -> Actor:
        """An anonymous visitor of a deliberately public page (security.txt, CVD intake)."""
        return cls("public:anonymous", "public")


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """The configuration services may see: plain values, no secrets.

    ``data_dir`` is ``None`` until a composition root names one; a service that stores files
    then refuses instead of guessing a directory.
    """

    data_dir: Path | None = None
    upload_max_bytes: int = SBOM_UPLOAD_MAX_BYTES  # largest SBOM upload
    feeds: tuple[str, ...] = ()  # configured feed URLs; empty means the shipped defaults
    cve_records_url: str = ""  # CVE JSON 5 records archive to sync; empty: not synced
    mail_sender: str = "rempart@localhost"
    webhook_allow_private: bool = False
    webhook_timeout: float = 10.0
    base_url: str = ""  # prefix for links in messages that leave Rempart
    scan_retention_days: int = 400  # scan records older than this are pruned (latest kept)
    # PEM files that sign the technical documentation's manifest; the paths, never the key
    signing_key: Path | None = None
    signing_certificate: Path | None = None
    # reverse proxies whose X-Forwarded-For names the client (rempart.core.client_address)
    trusted_proxies: tuple[str, ...] = ()

    def require_data_dir(self) -> Path:
        if self.data_dir is None:
            raise InvalidInput.single(
                "REMPART_DATA_DIR", "no data directory is configured for stored files"
            )
        return self.data_dir


@dataclass(frozen=True, slots=True)
class ServiceContext:
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)
    catalog: Catalog = field(default_factory=load_catalog)
    settings: ServiceSettings = field(default_factory=ServiceSettings)

    def page_path(self, ref: PageRef) -> str:
        """The path of ``ref``'s page, for links that leave the web pages (exports, messages).

        Paths are defined once, by name, in ``web/urls.py``; this resolves the name.
        """
        from django.urls import reverse

        return ref.complete(reverse(ref.route, args=ref.args))

    def page_address(self, ref: PageRef | None) -> str:
        """``base_url`` + the page's path (empty when there is no page)."""
        if ref is None:
            return ""
        return f"{self.settings.base_url.rstrip('/')}{self.page_path(ref)}"
