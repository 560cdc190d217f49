"""Login throttling behind a trusted proxy, per (account, address) back-off, admin unlock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from rempart.cli import run
from rempart.core.clock import FixedClock
from rempart.services.accounts import users as accounts
from rempart.services.context import Actor, ServiceContext
from rempart.store.models import AuditEvent, LoginAttempt

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.7"


@pytest.fixture
def behind_proxy(settings, service_settings):  # type: ignore[no-untyped-def]
    settings.SERVICE_SETTINGS = replace(service_settings, trusted_proxies=("10.0.0.0/24",))
    return settings.SERVICE_SETTINGS


def _login(
    client: Client, username: str, password: str, forwarded_for: str = "", peer: str = PROXY
) -> int:
    extra = {"REMOTE_ADDR": peer}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/login/", {"username": username, "password": password}, **extra).status_code


def test_failures_of_one_client_behind_the_proxy_do_not_lock_out_another(
    organization, make_user, behind_proxy
) -> None:
    make_user("alice", "viewer")
    make_user("bob", "viewer")
    attacker, alice, bob = Client(), Client(), Client()
    statuses = [_login(attacker, "alice", "wrong", "203.0.113.66") for _ in range(20)]
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}  # the attacker's own address is throttled
    # Refused attempts are not failures: the address has 5, far from its own limit of 20.
    assert _login(attacker, "bob", PASSWORD, "203.0.113.66") == 302
    # The same account from another client, through the same proxy: the correct password works.
    assert _login(alice, "alice", PASSWORD, "198.51.100.20") == 302
    assert _login(bob, "bob", PASSWORD, "198.51.100.21") == 302
    recorded = set(LoginAttempt.objects.values_list("ip", flat=True))
    assert recorded == {"203.0.113.66"}  # keyed on the client, not on the proxy


def test_twenty_failures_across_accounts_throttle_only_that_client(
    organization, make_user, behind_proxy
) -> None:
    make_user("carol", "viewer")
    attacker, carol = Client(), Client()
    for number in range(20):
        assert _login(attacker, f"guess{number}", "wrong", "203.0.113.66") == 401
    assert _login(attacker, "carol", PASSWORD, "203.0.113.66") == 429
    assert _login(carol, "carol", PASSWORD, "198.51.100.30") == 302


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(
    organization, make_user, behind_proxy
) -> None:
    make_user("dave", "viewer")
    attacker = Client()
    for number in range(5):
        assert _login(attacker, "dave", "wrong", f"198.51.100.{number}", peer="192.0.2.50") == 401
    # A fresh X-Forwarded-For does not make the untrusted peer a new client.
    assert _login(attacker, "dave", PASSWORD, "198.51.100.99", peer="192.0.2.50") == 429
    assert set(LoginAttempt.objects.values_list("ip", flat=True)) == {"192.0.2.50"}


def test_back_off_grows_per_pair_and_expires(organization, make_user, service_settings) -> None:
    make_user("erin", "viewer")
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def at(minutes: float) -> ServiceContext:
        clock = FixedClock(start + timedelta(minutes=minutes))
        return ServiceContext(Actor.system("web-login"), clock, settings=service_settings)

    for minute in range(5):
        with pytest.raises(accounts.PermissionDenied):
            accounts.login(at(minute), "erin", "wrong", "203.0.113.1")
    with pytest.raises(accounts.LoginThrottled):
        accounts.login(at(10), "erin", PASSWORD, "203.0.113.1")
    # 15 minutes after the 5th failure (minute 4) the pair may try again ...
    with pytest.raises(accounts.PermissionDenied) as sixth:
        accounts.login(at(19.5), "erin", "wrong", "203.0.113.1")
    assert not isinstance(sixth.value, accounts.LoginThrottled)
    # ... and the 6th failure doubles the wait: still refused after 15 minutes, not after 30.
    with pytest.raises(accounts.LoginThrottled):
        accounts.login(at(19.5 + 20), "erin", PASSWORD, "203.0.113.1")
    assert accounts.login(at(19.5 + 31), "erin", PASSWORD, "203.0.113.1").username == "erin"
    assert accounts.backoff_until(4, start) is None
    assert accounts.backoff_until(5, start) == start + timedelta(minutes=15)
    assert accounts.backoff_until(7, start) == start + timedelta(hours=1)
    assert accounts.backoff_until(40, start) == start + accounts.MAX_BACKOFF


def test_an_admin_unlocks_a_user_audited(organization, make_user, operator, capsys) -> None:
    make_user("frank", "viewer")
    client = Client()
    for _ in range(5):
        assert _login(client, "frank", "wrong", peer="192.0.2.8") == 401
    assert _login(client, "frank", PASSWORD, peer="192.0.2.8") == 429
    assert run(["user", "unlock", "frank"]) == 0
    assert "5 failed login(s) forgotten" in capsys.readouterr().out
    event = AuditEvent.objects.filter(action="user.unlock", object_id="frank").get()
    assert event.data == {"failures_cleared": 5}
    assert _login(client, "frank", PASSWORD, peer="192.0.2.8") == 302
    assert run(["user", "unlock", "nobody"]) == 4
    viewer = ServiceContext(Actor.for_user("frank", "viewer", 1), settings=operator.settings)
    with pytest.raises(accounts.PermissionDenied):
        accounts.unlock(viewer, "frank")
