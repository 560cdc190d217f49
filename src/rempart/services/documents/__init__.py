"""The CRA documents (services layer).

Owns: ``records`` (what the manufacturer enters for the documents, and the public-page switch),
``facts`` (gathering a product's facts from the register and the other features),
``generation`` (the declaration of conformity, the simplified declaration and the user
information as HTML and PDF, draft or final), ``technical_file`` (the Annex VII bundle: one
reproducible ZIP with its manifest), ``public_page`` (the public product page, its SBOM and its
rate limit) and ``advisories`` (the published advisories a public page lists).

Sits above ``assessment`` in the layers (pyproject.toml) because it reads every feature a
document cites: ``products`` (manufacturer, product, releases, support), ``assessment`` (Annex I
with evidence), ``risk`` (risk assessment, tests), ``sboms``, ``vulnerabilities`` (findings)
and ``disclosure`` (contact, CVD policy, security.txt); it only reads them. May call those and
``accounts``; ``notifications`` and ``demo`` may call it.
"""
