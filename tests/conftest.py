"""Shared fixtures: where the shared public data sets live, and the database marker."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``REMPART_SHARED_DIR`` or the ``shared/`` folder beside the repository."""
    configured = os.environ.get("REMPART_SHARED_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public data sets (OSV, KEV, SBOMs, CSAF, VEX, security.txt); skipped loudly if absent."""
    data = shared_dir() / "data"
    if not data.is_dir():
        message = f"SHARED DATA MISSING: {data} not found; set REMPART_SHARED_DIR"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    return data


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    reference = shared_dir() / "reference"
    if not reference.is_dir():
        pytest.skip(f"SHARED REFERENCE MISSING: {reference} not found; set REMPART_SHARED_DIR")
    return reference


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the database, so the PostgreSQL pass can select them."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if item.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            fixtures
        ):
            item.add_marker(pytest.mark.database)
