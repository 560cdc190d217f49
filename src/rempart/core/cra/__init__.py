"""The regulation as data (``data/*.toml``) and the rules that interpret it."""
