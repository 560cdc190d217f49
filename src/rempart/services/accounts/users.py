"""Users, roles, login with rate limiting, and API tokens (services layer).

API tokens look like ``rmp_<prefix>_<secret>``; only the SHA-256 of the whole token is stored
and the token is shown once. A token acts with its user's role, narrowed by its scopes
(``read``; ``read`` + ``write``). Logins are refused for a while after repeated failures per
(user name, client address) pair, with a back-off, and per client address; counted in the
database so every process sees them (docs/security.md, "Login throttling and lockouts").
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rempart.core.clock import ZoneChoice, check_zone, effective_zone
from rempart.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, ProblemCollector
from rempart.services.accounts import audit
from rempart.services.accounts.authz import ROLES, Action, require
from rempart.services.context import Actor, ServiceContext
from rempart.store.repositories import accounts as repo
from rempart.store.repositories import organizations
from rempart.store.repositories.accounts import TokenView
from rempart.store.repositories.accounts import UserView as UserView

LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_PAIR = 5  # per (user name, client address), then a growing back-off
MAX_FAILURES_PER_ADDRESS = 20  # per client address across user names, within LOGIN_WINDOW
MAX_BACKOFF = timedelta(hours=12)
FAILURE_MEMORY = timedelta(hours=24)  # failures older than this are forgotten
TOKEN_SCOPES = ("read", "write")
USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{1,150}$")


class LoginThrottled(PermissionDenied):
    kind = "throttled"


@dataclass(frozen=True, slots=True)
class NewToken:
    token: TokenView
    secret: str  # shown once, never stored


def _validate_new_user(username: str, email: str, password: str | None, role: str) -> None:
    problems = ProblemCollector()
    if not USERNAME.match(username):
        problems.add("username", "1–150 letters, digits or _ . @ + -")
    if role not in ROLES:
        problems.add("role", f"must be one of {', '.join(ROLES)}")
    if email and "@" not in email:
        problems.add("email", "must be an e-mail address")
    if password is not None:
        try:
            validate_password(password)
        except ValidationError as error:
            for message in error.messages:
                problems.add("password", message)
    problems.raise_if_any("the user is invalid")


def create_user(
    ctx: ServiceContext, username: str, role: str, password: str | None, email: str = ""
) -> UserView:
    """Create a user; ``password=None`` creates one who cannot log in until a password is set."""
    require(ctx, Action.MANAGE_USERS)
    _validate_new_user(username, email, password, role)
    with transaction.atomic():
        if repo.find_user(username) is not None:
            raise Conflict(f"user {username!r} exists already")
        try:
            user = repo.create_user(username, email, password, role)
        except IntegrityError as exc:
            raise Conflict(f"user {username!r} exists already") from exc
        audit.record(ctx, "user.create", "user", username, {"role": role, "email": email})
    return user


def list_users(ctx: ServiceContext) -> list[UserView]:
    require(ctx, Action.MANAGE_USERS)
    return repo.list_users()


def set_role(ctx: ServiceContext, username: str, role: str) -> UserView:
    require(ctx, Action.MANAGE_USERS)
    if role not in ROLES:
        raise InvalidInput.single("role", f"must be one of {', '.join(ROLES)}")
    with transaction.atomic():
        user = repo.find_user(username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        if user.role == "admin" and role != "admin" and repo.count_admins() <= 1:
            raise Conflict("the last active administrator cannot lose the admin role")
        updated = repo.set_role(username, role)
        audit.record(ctx, "user.role", "user", username, {"from": user.role, "to": role})
    return updated


def time_zone(ctx: ServiceContext) -> ZoneChoice:
    """The zone the acting person reads and enters times in, and where that comes from.

    Their own choice, else the organization's zone, else the zone of the capital of the main
    establishment's Member State, else UTC. The CLI and the jobs act for the organization.
    """
    own = repo.time_zone_of(ctx.actor.user_id) if ctx.actor.user_id is not None else ""
    organization = organizations.first()
    if organization is None:
        return effective_zone(own, "", "")
    return effective_zone(own, organization.time_zone, organization.main_establishment_country)


def own_time_zone(ctx: ServiceContext) -> str:
    """The acting person's own zone choice ("" when they follow the organization's)."""
    require(ctx, Action.READ)
    return repo.time_zone_of(ctx.actor.user_id) if ctx.actor.user_id is not None else ""


def organization_zone(ctx: ServiceContext) -> ZoneChoice:
    """The zone people follow unless they chose their own."""
    return time_zone(replace(ctx, actor=replace(ctx.actor, user_id=None)))


def set_time_zone(ctx: ServiceContext, username: str, zone: str) -> UserView:
    """A person's own time zone (IANA name; "" follows the organization's).

    Everyone may set their own; setting someone else's is user management.
    """
    if ctx.actor.name != f"user:{username}":
        require(ctx, Action.MANAGE_USERS)
    else:
        require(ctx, Action.READ)
    cleaned = check_zone(zone) if zone.strip() else ""
    with transaction.atomic():
        user = repo.find_user(username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        updated = repo.set_time_zone(username, cleaned)
        audit.record(
            ctx, "user.time_zone", "user", username, {"from": user.time_zone, "to": cleaned}
        )
    return updated


def set_active(ctx: ServiceContext, username: str, active: bool) -> UserView:
    require(ctx, Action.MANAGE_USERS)
    with transaction.atomic():
        user = repo.find_user(username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        if not active and user.role == "admin" and repo.count_admins() <= 1:
            raise Conflict("the last active administrator cannot be deactivated")
        updated = repo.set_active(username, active)
        audit.record(ctx, "user.activate" if active else "user.deactivate", "user", username, {})
    return updated


def set_password(ctx: ServiceContext, username: str, password: str) -> None:
    require(ctx, Action.MANAGE_USERS)
    problems = ProblemCollector()
    try:
        validate_password(password)
    except ValidationError as error:
        for message in error.messages:
            problems.add("password", message)
    problems.raise_if_any("the password is not accepted")
    with transaction.atomic():
        if repo.find_user(username) is None:
            raise NotFound(f"no user {username!r}")
        repo.set_password(username, password)
        audit.record(ctx, "user.password", "user", username, {})  # never the password itself


def backoff_until(failures: int, latest: datetime | None) -> datetime | None:
    """Until when one (user name, address) pair is refused after ``failures`` failed logins.

    Nothing below :data:`MAX_FAILURES_PER_PAIR`; then 15 minutes after the latest failure,
    doubling with each further failure, at most :data:`MAX_BACKOFF`. Refused attempts are not
    failures (the password is not even checked), so waiting is enough to try again.
    """
    if latest is None or failures < MAX_FAILURES_PER_PAIR:
        return None
    doublings: int = min(failures - MAX_FAILURES_PER_PAIR, 16)
    wait: timedelta = min(LOGIN_WINDOW * (1 << doublings), MAX_BACKOFF)
    return latest + wait


def login(ctx: ServiceContext, username: str, password: str, address: str) -> UserView:
    """Check a password login, refusing after repeated failures.

    Failures are counted per (user name, client address) pair, with a back-off, and per
    address across all user names. Someone else's failures from another address never
    refuse a user's correct password; ``unlock`` forgets a user's failures at once.
    """
    now = ctx.clock.now()
    failures, latest = repo.failures_of_pair(username, address, now - FAILURE_MEMORY)
    until = backoff_until(failures, latest)
    if until is not None and now < until:
        minutes = max(1, -(-int((until - now).total_seconds()) // 60))
        raise LoginThrottled(f"too many failed logins; try again in {minutes} minutes")
    if repo.failures_since(now - LOGIN_WINDOW, ip=address) >= MAX_FAILURES_PER_ADDRESS:
        raise LoginThrottled("too many failed logins from your address; try again in 15 minutes")
    user = repo.check_password(username, password)
    if user is None or not user.is_active:
        with transaction.atomic():
            repo.forget_failures_before(now - FAILURE_MEMORY)
            repo.record_failure(username, address, now)
        raise PermissionDenied("wrong user name or password")
    with transaction.atomic():
        repo.clear_failures(username, address)
        audit.record(
            replace(ctx, actor=Actor.for_user(user.username, user.role, user.id)),
            "user.login",
            "user",
            username,
            {"address": address},
        )
    return user


def unlock(ctx: ServiceContext, username: str) -> int:
    """Forget every failed login of ``username`` (all addresses); how many were forgotten."""
    require(ctx, Action.MANAGE_USERS)
    with transaction.atomic():
        if repo.find_user(username) is None:
            raise NotFound(f"no user {username!r}")
        cleared = repo.clear_failures(username)
        audit.record(ctx, "user.unlock", "user", username, {"failures_cleared": cleared})
    return cleared


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    ctx: ServiceContext,
    name: str,
    scopes: list[str],
    expires_in_days: int | None = None,
    username: str | None = None,
) -> NewToken:
    """Create a token for the acting user (admins may create one for another user)."""
    require(ctx, Action.OWN_TOKENS)
    own_name = ctx.actor.name.split(":", 1)[1]
    target = username or own_name
    if target != own_name and ctx.actor.role != "admin":
        raise PermissionDenied("only administrators create tokens for other users")
    problems = ProblemCollector()
    if not name.strip() or len(name) > 100:
        problems.add("name", "1–100 characters")
    if not scopes or any(scope not in TOKEN_SCOPES for scope in scopes):
        problems.add("scopes", f"one or more of {', '.join(TOKEN_SCOPES)}")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        problems.add("expires_in_days", "between 1 and 3650")
    problems.raise_if_any("the token is invalid")
    user = repo.find_user(target)
    if user is None:
        raise NotFound(f"no user {target!r}")
    prefix = secrets.token_hex(4)
    secret = f"rmp_{prefix}_{secrets.token_urlsafe(32)}"
    now = ctx.clock.now()
    expires = now + timedelta(days=expires_in_days) if expires_in_days else None
    normalized = sorted(set(scopes) | ({"read"} if "write" in scopes else set()))
    with transaction.atomic():
        token = repo.create_token(
            user.id, name.strip(), prefix, _hash(secret), normalized, now, expires
        )
        audit.record(
            ctx, "token.create", "user", user.username, {"token": prefix, "scopes": normalized}
        )
    return NewToken(token, secret)


def authenticate_token(secret: str, now: datetime) -> tuple[UserView, TokenView]:
    """The user and token behind a bearer secret, or ``PermissionDenied``."""
    match = re.fullmatch(r"rmp_([0-9a-f]{8})_[A-Za-z0-9_-]{20,}", secret)
    found = repo.token_by_prefix(match.group(1)) if match else None
    if found is None:
        raise PermissionDenied("invalid API token")
    token, stored_hash, user_id = found
    if not hmac.compare_digest(stored_hash, _hash(secret)):
        raise PermissionDenied("invalid API token")
    if token.revoked_at is not None:
        raise PermissionDenied("this API token was revoked")
    if token.expires_at is not None and token.expires_at <= now:
        raise PermissionDenied("this API token has expired")
    user = repo.get_user(user_id)
    if user is None or not user.is_active:
        raise PermissionDenied("the token's user is not active")
    repo.touch_token(token.id, now)
    return user, token


def list_tokens(ctx: ServiceContext, all_users: bool = False) -> list[TokenView]:
    require(ctx, Action.OWN_TOKENS)
    if all_users:
        require(ctx, Action.MANAGE_USERS)
        return repo.tokens()
    return repo.tokens(ctx.actor.user_id) if ctx.actor.user_id else []


def revoke_token(ctx: ServiceContext, token_id: int) -> None:
    require(ctx, Action.OWN_TOKENS)
    with transaction.atomic():
        found = repo.token(token_id)
        if found is None:
            raise NotFound(f"no token {token_id}")
        token, owner_id = found
        if owner_id != ctx.actor.user_id and ctx.actor.role != "admin":
            raise PermissionDenied("only administrators revoke other users' tokens")
        repo.revoke_token(token_id, ctx.clock.now())
        audit.record(ctx, "token.revoke", "user", token.username, {"token": token.prefix})


def actor_for(user: UserView, token: TokenView | None = None) -> Actor:
    """The actor a request acts as: the user's role, narrowed to read-only by a read token."""
    actor = Actor.for_user(user.username, user.role, user.id)
    if token is not None and "write" not in token.scopes:
        role = {"admin": "auditor", "editor": "viewer"}.get(user.role, user.role)
        return replace(actor, role=role, read_only_token=True)
    return actor
