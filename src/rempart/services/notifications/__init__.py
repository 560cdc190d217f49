"""Reminders of deadlines (services layer).

Owns: ``channels`` (e-mail and webhook channels, policy), ``reminders`` (planning and delivery),
``deadlines`` (the list of every feature's deadline sources). May call every feature below it.
"""
