"""E-mail through Django's configured mail backend (net layer).

``settings.py`` picks the backend: SMTP when ``REMPART_SMTP_HOST`` is set, otherwise a file
backend writing each message into ``<data dir>/outbox`` (so nothing is lost and nothing goes
out by surprise in a fresh workspace).
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage, get_connection

from rempart.core.errors import NetError


class MailFailed(NetError):
    kind = "network"


def send_email(
    subject: str, body: str, recipients: Sequence[str], *, sender: str, message_id: str
) -> None:
    """Send one plain-text message to ``recipients``; raise :class:`MailFailed` otherwise."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=sender,
        to=list(recipients),
        headers={"X-Rempart-Delivery": message_id, "Auto-Submitted": "auto-generated"},
    )
    try:
        with get_connection(fail_silently=False) as connection:
            sent = connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        raise MailFailed(f"e-mail not sent: {type(error).__name__}: {error}") from error
    if sent != 1:
        raise MailFailed("e-mail not sent: the mail backend accepted no message")
