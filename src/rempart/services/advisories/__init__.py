"""CSAF 2.0 security advisories: authoring, publishing, the provider directory (services layer).

Owns: ``settings`` (the CSAF publisher and the signing key), ``authoring`` (advisories
drafted from findings, their content, rendering to CSAF and HTML, publishing revisions),
``directory`` (the provider directory of CSAF 2.0 §7: provider-metadata.json, the TLP:WHITE
folder by year, index.txt, changes.csv, hashes, signatures, the ROLIE feed; written
atomically and exported as a folder).

Placed beside ``reporting`` (above ``sboms``, ``vulnerabilities``, ``disclosure``): an advisory
is made from findings and their triage, and is published with the disclosure settings'
contact; ``assessment`` reads published advisories as Annex I evidence (``AI-P2-4``). May
call: ``vulnerabilities``, ``disclosure``, ``products``, ``accounts``.
"""
