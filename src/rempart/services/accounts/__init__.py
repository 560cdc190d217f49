"""Users, API tokens, roles and the append-only audit trail (services layer).

Owns: ``users`` (accounts, login, tokens), ``authz`` (who may do what), ``audit`` (the hash-chained
trail). Calls no other service package: every other package calls this one.
"""
