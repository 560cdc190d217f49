"""The one configuration from the environment: mail, webhooks, feeds; refusals naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from rempart.config import load_config
from rempart.core.errors import InvalidInput


def test_defaults_write_mail_to_the_outbox(tmp_path: Path) -> None:
    config = load_config({"REMPART_DATA_DIR": str(tmp_path)}).notify
    assert config.email_backend == "django.core.mail.backends.filebased.EmailBackend"
    assert config.email_file_path == str(tmp_path / "outbox")
    assert config.webhook_allow_private is False
    assert config.webhook_timeout == 10


def test_smtp_from_the_environment(tmp_path: Path) -> None:
    config = load_config(
        {
            "REMPART_DATA_DIR": str(tmp_path),
            "REMPART_SMTP_HOST": "smtp.example.com",
            "REMPART_SMTP_PORT": "465",
            "REMPART_SMTP_TLS": "ssl",
            "REMPART_SMTP_USER": "rempart",
            "REMPART_SMTP_PASSWORD": "hunter2-very-secret",
            "REMPART_SMTP_FROM": "psirt@example.com",
            "REMPART_WEBHOOK_ALLOW_PRIVATE": "1",
            "REMPART_BASE_URL": "https://rempart.example.com/",
        },
    ).notify
    assert config.email_backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (config.email_host, config.email_port) == ("smtp.example.com", 465)
    assert (config.email_use_ssl, config.email_use_tls) == (True, False)
    assert config.sender == "psirt@example.com"
    assert config.webhook_allow_private is True
    assert config.base_url == "https://rempart.example.com"
    assert "hunter2" not in repr(config)


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"REMPART_SMTP_TLS": "maybe"}, "REMPART_SMTP_TLS"),
        ({"REMPART_SMTP_PORT": "smtp"}, "REMPART_SMTP_PORT / REMPART_WEBHOOK_TIMEOUT"),
        ({"REMPART_WEBHOOK_TIMEOUT": "0"}, "REMPART_WEBHOOK_TIMEOUT"),
        ({"REMPART_WEBHOOK_ALLOW_PRIVATE": "sure"}, "REMPART_WEBHOOK_ALLOW_PRIVATE"),
        ({"REMPART_TRUSTED_PROXIES": "10.0.0.1, proxy.local"}, "REMPART_TRUSTED_PROXIES"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], field: str, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        load_config({**env, "REMPART_DATA_DIR": str(tmp_path)})
    assert refused.value.problems[0].field == field


def test_trusted_proxies_default_to_none(tmp_path: Path) -> None:
    assert load_config({"REMPART_DATA_DIR": str(tmp_path)}).trusted_proxies == ()
    env = {"REMPART_DATA_DIR": str(tmp_path), "REMPART_TRUSTED_PROXIES": "10.0.0.1,fd00::/8"}
    assert load_config(env).trusted_proxies == ("10.0.0.1/32", "fd00::/8")


def test_feeds_are_read_once_and_listed(tmp_path: Path) -> None:
    env = {
        "REMPART_DATA_DIR": str(tmp_path),
        "REMPART_FEEDS": "http://a/all.zip  http://b/kev.json",
    }
    assert load_config(env).feeds == ("http://a/all.zip", "http://b/kev.json")
    assert load_config({"REMPART_DATA_DIR": str(tmp_path)}).feeds == ()


def test_the_secret_key_and_password_never_show_in_a_repr(tmp_path: Path) -> None:
    env = {
        "REMPART_DATA_DIR": str(tmp_path),
        "REMPART_SECRET_KEY": "k" * 40,
        "REMPART_SMTP_PASSWORD": "hunter2-very-secret",
    }
    shown = repr(load_config(env))
    assert "k" * 40 not in shown
    assert "hunter2" not in shown
