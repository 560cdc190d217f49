"""OpenPGP signatures for published CSAF documents (formats layer; pysequoia, Sequoia-PGP).

CSAF 2.0 §7.1.19 asks for detached, ASCII-armoured signatures (``.asc``) beside each
document, and §7.1.20 for the public key to be published. The manufacturer configures its
own signing key (an ASCII-armoured secret key without a passphrase, kept in the data
directory with mode 0600); Rempart never generates or exports secret key material.
"""

from __future__ import annotations

from dataclasses import dataclass

import pysequoia

from rempart.formats.errors import MalformedDocument


@dataclass(frozen=True, slots=True)
class SigningKey:
    fingerprint: str  # upper-case hex, as CSAF provider metadata writes it
    public_key: bytes  # ASCII-armoured certificate (no secret parts)
    _secret: bytes


def read_signing_key(data: bytes) -> SigningKey:
    """Parse a secret key; refuse a public-only key or one that cannot sign."""
    try:
        key = pysequoia.Tsk.from_bytes(data)
        certificate = key.extract_certificate()
        key.signer()  # fails for a key without a usable signing (sub)key or with a passphrase
    except Exception as error:  # pysequoia raises plain exceptions for every refusal
        raise MalformedDocument.at(
            "(key)", f"not a usable OpenPGP signing key without a passphrase: {error}"
        ) from error
    return SigningKey(str(certificate.fingerprint).upper(), str(certificate).encode("ascii"), data)


def sign_detached(key: SigningKey, data: bytes) -> bytes:
    """An ASCII-armoured detached signature of ``data``."""
    signer = pysequoia.Tsk.from_bytes(key._secret).signer()
    signature = pysequoia.sign(signer, data, mode=pysequoia.SignatureMode.DETACHED)
    return bytes(signature)
