"""The home dashboard (services layer, reads; records the person's visit).

Owns: ``home`` (running Art. 14 clocks, overdue items of every kind, exploited findings new
since the last visit, and each product at a glance). May call every feature below it: the
deadline sources listed in ``notifications/deadlines.py``, ``assessment`` (readiness),
``reporting`` (cases), ``vulnerabilities`` (findings workbench, release summaries),
``products`` and ``accounts``.
"""
