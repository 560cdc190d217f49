"""What each CRA document says, item by item (core layer).

The EU declaration of conformity (Annex V, simplified form Annex VI), the information and
instructions to the user (Annex II) and the technical documentation (Annex VII) are built here
from plain facts, driven by the catalog: every item of the annex's requirement group in the
catalog becomes one section with its catalog ID, and an item without a content rule is a
:class:`~rempart.core.errors.CatalogError`, never a silent gap. Completeness is judged here too:
each missing mandatory value is a located :class:`~rempart.core.errors.Problem`, and a document
with problems is a draft, never final.

Modules: ``fields`` (what the manufacturer enters), ``labels`` (per-language data files),
``model`` (documents, sections, facts), ``declaration``, ``user_information``,
``technical_file`` (the content rules), ``manifest`` (the technical file's ZIP manifest).
"""
