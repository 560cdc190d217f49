"""Network I/O only: advisory feeds and notifications, behind one client factory."""
