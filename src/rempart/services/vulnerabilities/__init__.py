"""Advisories and findings (services layer).

Owns: ``advisories`` (OSV, KEV, EPSS import into the workspace; the workspace index),
``advisory_files`` (files on disk as an index, for scans without a workspace), ``feeds`` (import
and sync of feed files and URLs), ``scanning`` (scans, rescans, findings). May call: ``products``,
``accounts``.
"""
