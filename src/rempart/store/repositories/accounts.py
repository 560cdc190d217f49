"""Users with their roles, API tokens and failed-login records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Max

from rempart.store.models import ApiToken, LoginAttempt, UserProfile


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    email: str
    role: str
    is_active: bool
    time_zone: str  # the person's own choice; "" follows the organization's zone


@dataclass(frozen=True, slots=True)
class TokenView:
    id: int
    name: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    username: str


def user_view(user: User) -> UserView:
    profile = UserProfile.objects.filter(user=user).first()
    return UserView(
        id=user.pk,
        username=user.username,
        email=user.email,
        role=profile.role if profile else "viewer",
        is_active=user.is_active,
        time_zone=profile.time_zone if profile else "",
    )


def find_user(username: str) -> UserView | None:
    user = User.objects.filter(username=username).first()
    return user_view(user) if user else None


def get_user(user_id: int) -> UserView | None:
    user = User.objects.filter(pk=user_id).first()
    return user_view(user) if user else None


def list_users() -> list[UserView]:
    return [user_view(u) for u in User.objects.order_by("username")]


def create_user(username: str, email: str, password: str | None, role: str) -> UserView:
    user = User.objects.create_user(username=username, email=email, password=password)
    UserProfile.objects.create(user=user, role=role)
    return user_view(user)


def set_role(username: str, role: str) -> UserView:
    user = User.objects.get(username=username)
    UserProfile.objects.update_or_create(user=user, defaults={"role": role})
    return user_view(user)


def set_time_zone(username: str, zone: str) -> UserView:
    user = User.objects.get(username=username)
    UserProfile.objects.update_or_create(user=user, defaults={"time_zone": zone})
    return user_view(user)


def time_zone_of(user_id: int) -> str:
    """The zone a user chose ("" when they follow the organization's)."""
    zone = UserProfile.objects.filter(user_id=user_id).values_list("time_zone", flat=True).first()
    return zone or ""


def record_visit(user_id: int, now: datetime, session_gap: timedelta) -> datetime | None:
    """Note a visit of the home dashboard; the time "new since your last visit" counts from.

    A visit more than ``session_gap`` after the latest one starts a new session: the latest
    becomes the previous. Within a session the previous visit stays, so reloading the page
    does not empty the list of what is new. None for a first visit.
    """
    profile, _ = UserProfile.objects.select_for_update().get_or_create(user_id=user_id)
    if profile.last_visit_at is None or now - profile.last_visit_at > session_gap:
        profile.previous_visit_at = profile.last_visit_at
    profile.last_visit_at = now
    profile.save(update_fields=["last_visit_at", "previous_visit_at"])
    return profile.previous_visit_at


def set_active(username: str, active: bool) -> UserView:
    user = User.objects.get(username=username)
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user_view(user)


def set_password(username: str, password: str) -> None:
    user = User.objects.get(username=username)
    user.set_password(password)
    user.save(update_fields=["password"])


def check_password(username: str, password: str) -> UserView | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        # Hash anyway so a missing user costs the same time as a wrong password.
        User().set_password(password)
        return None
    return user_view(user) if user.check_password(password) else None


def count_admins() -> int:
    return UserProfile.objects.filter(role="admin", user__is_active=True).count()


def record_failure(username: str, ip: str, at: datetime) -> None:
    LoginAttempt.objects.create(username=username[:150], ip=ip[:64], at=at)


def failures_since(since: datetime, username: str | None = None, ip: str | None = None) -> int:
    query = LoginAttempt.objects.filter(at__gte=since)
    if username is not None:
        query = query.filter(username=username)
    if ip is not None:
        query = query.filter(ip=ip)
    return query.count()


def failures_of_pair(username: str, ip: str, since: datetime) -> tuple[int, datetime | None]:
    """How many failed logins for ``username`` from ``ip`` since ``since``, and the latest."""
    query = LoginAttempt.objects.filter(username=username[:150], ip=ip[:64], at__gte=since)
    found = query.aggregate(count=Count("id"), latest=Max("at"))
    return int(found["count"]), found["latest"]


def clear_failures(username: str, ip: str | None = None) -> int:
    """Forget ``username``'s failed logins (from ``ip`` only, when given); how many there were."""
    query = LoginAttempt.objects.filter(username=username[:150])
    if ip is not None:
        query = query.filter(ip=ip[:64])
    deleted, _ = query.delete()
    return int(deleted)


def forget_failures_before(before: datetime) -> None:
    LoginAttempt.objects.filter(at__lt=before).delete()


def _token_view(row: ApiToken) -> TokenView:
    return TokenView(
        id=row.pk,
        name=row.name,
        prefix=row.prefix,
        scopes=tuple(row.scopes),
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
        username=row.user.username,
    )


def create_token(
    user_id: int,
    name: str,
    prefix: str,
    token_hash: str,
    scopes: list[str],
    created_at: datetime,
    expires_at: datetime | None,
) -> TokenView:
    row = ApiToken.objects.create(
        user_id=user_id,
        name=name,
        prefix=prefix,
        token_hash=token_hash,
        scopes=scopes,
        created_at=created_at,
        expires_at=expires_at,
    )
    return _token_view(row)


def token_by_prefix(prefix: str) -> tuple[TokenView, str, int] | None:
    """The token, its stored hash and its user's id."""
    row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    return (_token_view(row), row.token_hash, row.user_id) if row else None


def touch_token(token_id: int, at: datetime) -> None:
    ApiToken.objects.filter(pk=token_id).update(last_used_at=at)


def revoke_token(token_id: int, at: datetime) -> None:
    ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(revoked_at=at)


def tokens(user_id: int | None = None) -> list[TokenView]:
    query = ApiToken.objects.select_related("user")
    if user_id is not None:
        query = query.filter(user_id=user_id)
    return [_token_view(row) for row in query]


def token(token_id: int) -> tuple[TokenView, int] | None:
    row = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    return (_token_view(row), row.user_id) if row else None
