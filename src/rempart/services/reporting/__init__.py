"""Art. 14 reporting (services layer).

Owns: ``cases`` (cases, awareness, measures, proposals from exploited findings, the case
deadlines), ``reports`` (stage forms, submissions, exports, CSIRT routing), ``views`` (cases as
JSON for the edges), ``report_cases`` (a case from a vulnerability report). May call:
``vulnerabilities``, ``disclosure``, ``risk``, ``products``, ``accounts``.
"""
