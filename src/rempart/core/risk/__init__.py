"""The cybersecurity risk assessment and the guided self-assessment (pure core)."""
