"""Risk assessment (Art. 13(2)–(3)) and the guided self-assessment (services layer).

Owns: ``assessment`` (risk assessments, threats, risks, CSV import/export), ``selfassessment``
(questionnaire, tests, training, audits), ``evidence`` and ``deadlines`` (what risk records give the
assessment and the reminders). May call: ``products``, ``accounts``.
"""
