"""Rempart: carry a manufacturer through the EU Cyber Resilience Act (Regulation (EU) 2024/2847)."""

__version__ = "0.1.0"
