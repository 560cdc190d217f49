"""Coordinated vulnerability disclosure (pure core): settings, security.txt, policy, intake.

Serves Annex I Part II points (5) and (6) (``AI-P2-5``, ``AI-P2-6``), the single point of
contact of Art. 13(17) (``ART13-17``) and Annex II point 2 (``AII-2``).
"""
