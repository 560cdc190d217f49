"""Art. 14 reporting in the pure core: cases, clocks, report contents, routing, documents."""
