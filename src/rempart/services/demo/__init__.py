"""A demo workspace (services layer).

Owns: ``workspace`` (a manufacturer with one product of each class), ``risk`` and ``disclosure``
(their demo records). Calls the other packages' public service functions only, so the demo's
audit trail is genuine.
"""
