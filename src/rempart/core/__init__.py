"""Pure domain: every CRA rule, version matching, clocks, SBOM quality, document content.

Imports only the standard library and small pure libraries (packaging, packageurl-python,
univers, license-expression, cvss). Enforced by import-linter (see pyproject.toml).
"""
