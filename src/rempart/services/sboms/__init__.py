"""SBOMs per release (services layer).

Owns: ``check`` (judge an SBOM without storing it), ``release_sboms`` (import, list, remove, merge,
diff, export, component pages). May call: ``vulnerabilities``, ``products``, ``accounts``.
"""
