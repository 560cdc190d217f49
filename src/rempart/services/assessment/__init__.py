"""The Annex I assessment (services layer).

Owns: ``annex_i`` (status per requirement and its history), ``evidence`` (files, URLs, record
references), ``automatic_evidence`` (evidence from Rempart's own records), ``providers`` (the list
of every feature's evidence providers), ``actions`` (open actions and secure defaults),
``gap_report``. May call: ``reporting``, ``sboms``, ``vulnerabilities``, ``disclosure``, ``risk``,
``products``, ``accounts``.
"""
