"""Owns: the data behind the pictures (findings by severity and over time, SBOM quality per rule
family and components by licence and ecosystem, Annex I progress and portfolio heat map, the
risk matrix, Art. 14 case timelines, support periods, release diffs), each turned into a chart
model by :mod:`rempart.core.charts`. Read-only: no writes, no audit.

May call: assessment, reporting, sboms, vulnerabilities, risk, products, accounts (authz), the
store's repositories for read-only counts, and the core.
"""
