"""Sample data for ``rempart demo``: real public SBOMs (see ATTRIBUTION.md)."""
