"""The worker's schedule (services layer).

Owns: ``slots`` (which scheduled job's current slot this worker claims first, so that several
workers run each slot once). Calls no other service package.
"""
