"""``python -m rempart.cli``."""

from rempart.cli import main

main()
