"""SBOMs per release (services layer).

Owns: ``check`` (judge an SBOM without storing it), ``release_sboms`` (import, list, remove,
merge, diff, export, component pages), ``dependency_track`` (uploads from Dependency-Track
clients: project UUID or name to a release, replacing the release's earlier upload, which is
kept as superseded). May call: ``vulnerabilities``, ``products``, ``accounts``.
"""
