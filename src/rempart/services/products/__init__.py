"""The product register (services layer).

Owns: ``register`` (products and releases, scope, class and route), ``organization`` (the
manufacturer), ``availability`` (Member States per product), ``catalog`` (reading the CRA catalog).
May call: ``accounts``.
"""
