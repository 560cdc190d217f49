"""Coordinated vulnerability disclosure (services layer).

Owns: ``settings`` (disclosure settings, security.txt, CVD policy), ``vulnerability_reports``
(reports from the public and their queue), ``evidence`` and ``deadlines`` (what the disclosure
records give the assessment and the reminders). May call: ``products``, ``accounts``.
"""
