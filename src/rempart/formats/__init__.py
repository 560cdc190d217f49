"""Adapters between bytes and core values: SBOM, advisory, VEX, CSAF formats. Take bytes, never paths."""
