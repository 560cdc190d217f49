"""CycloneDX XML: validate with the official XSD, then read it like JSON (adapter layer).

The XML is first parsed by :func:`rempart.formats.limits.parse_xml` (defusedxml: no DTDs,
entities or external references), then validated against the XSD that
cyclonedx-python-lib ships (lxml, hardened parser, see :mod:`rempart.formats.schemas`).
This module then converts the elements it needs into the *same dict shape* as CycloneDX
JSON, so one mapper (:func:`rempart.formats.cyclonedx.map_cyclonedx`) serves both
encodings and a component reads the same from either. Locations in warnings use the JSON
shape too: ``/components/3`` is the fourth ``<component>`` of ``<components>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rempart.core.component import Encoding, SbomDocument
from rempart.formats.cyclonedx import check_spec_version, map_cyclonedx
from rempart.formats.errors import InputTooLarge, MalformedDocument, schema_verdict
from rempart.formats.limits import MAX_NESTING
from rempart.formats.sbom_text import check_counts
from rempart.formats.schemas import cyclonedx_xml_problems

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

Json = dict[str, Any]
_TEXT_FIELDS = (
    "name",
    "version",
    "group",
    "purl",
    "cpe",
    "author",
    "publisher",
    "description",
    "scope",
)


def parse_cyclonedx_xml(
    data: bytes, root: Element, version: str, *, strict: bool = False
) -> SbomDocument:
    """Validate a CycloneDX XML document (already safely parsed) and map it.

    XSD errors about value facets are tolerated unless ``strict``; errors about elements and
    numbers are refused (:func:`rempart.formats.schemas.xml_problem_is_structural`).
    """
    version = check_spec_version(version, "/bom/@xmlns")
    check_counts(*_count_graph(root, f"{{http://cyclonedx.org/schema/bom/{version}}}"), _PLACES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedDocument.at(f"byte {error.start}", "XML is not valid UTF-8") from error
    structural, values = cyclonedx_xml_problems(text, version)
    tolerated = schema_verdict(
        f"CycloneDX {version} XML document", structural, values, strict=strict
    )
    document = _Converter(f"{{http://cyclonedx.org/schema/bom/{version}}}").bom(root)
    return map_cyclonedx(document, version, Encoding.XML, tolerated)


_PLACES = ("/bom/components", "/bom/dependencies")


def _count_graph(root: Element, ns: str) -> tuple[int, int]:
    """(components, edges) before the XSD validator re-parses the text: every
    ``<component>`` (nested ones are also ``contains`` edges) and every ``<dependency>``
    inside another."""
    components = sum(1 for _ in root.iter(ns + "component"))
    edges = sum(
        len(holder.findall(ns + "component"))
        for parent in root.iter(ns + "component")
        for holder in parent.findall(ns + "components")
    )
    for holder in root.findall(ns + "dependencies"):
        edges += sum(len(entry.findall(ns + "dependency")) for entry in holder)
    return components, edges


class _Converter:
    """Element tree → the JSON dict shape, for the fields the mapper reads."""

    def __init__(self, namespace: str) -> None:
        self.ns = namespace

    def _child(self, element: Element, name: str) -> Element | None:
        return element.find(self.ns + name)

    def _items(self, element: Element, container: str, item: str) -> list[Element]:
        holder = element.find(self.ns + container)
        return [] if holder is None else holder.findall(self.ns + item)

    def _text(self, element: Element, name: str) -> str | None:
        child = element.find(self.ns + name)
        return None if child is None else (child.text or "")

    def bom(self, root: Element) -> Json:
        """The whole ``<bom>``: serial number, metadata, components, dependencies."""
        document: Json = {"serialNumber": root.get("serialNumber")}
        if root.get("version"):
            document["version"] = int(root.get("version", "1"))
        metadata = self._child(root, "metadata")
        if metadata is not None:
            document["metadata"] = self.metadata(metadata)
        document["components"] = [
            self.component(c, 0) for c in self._items(root, "components", "component")
        ]
        document["dependencies"] = [
            {
                "ref": dep.get("ref", ""),
                "dependsOn": [d.get("ref", "") for d in dep.findall(self.ns + "dependency")],
            }
            for dep in self._items(root, "dependencies", "dependency")
        ]
        document["vulnerabilities"] = self._items(root, "vulnerabilities", "vulnerability")
        return document

    def metadata(self, element: Element) -> Json:
        """``<metadata>``: timestamp, tools (legacy and 1.5+), authors, parties, root."""
        metadata: Json = {"timestamp": self._text(element, "timestamp")}
        tools = self._child(element, "tools")
        if tools is not None:
            legacy = [self._tool(tool) for tool in tools.findall(self.ns + "tool")]
            modern = [self._tool(c) for c in self._items(tools, "components", "component")]
            modern += [self._tool(s) for s in self._items(tools, "services", "service")]
            metadata["tools"] = legacy + modern
        metadata["authors"] = [self._contact(a) for a in self._items(element, "authors", "author")]
        for key in ("manufacturer", "manufacture", "supplier"):
            party = self._child(element, key)
            if party is not None:
                metadata[key] = self._party(party)
        component = self._child(element, "component")
        if component is not None:
            metadata["component"] = self.component(component, 0)
        return metadata

    def _tool(self, element: Element) -> Json:
        return {key: self._text(element, key) for key in ("vendor", "group", "name", "version")}

    def _contact(self, element: Element) -> Json:
        return {"name": self._text(element, "name"), "email": self._text(element, "email")}

    def _party(self, element: Element) -> Json:
        return {
            "name": self._text(element, "name"),
            "url": [url.text or "" for url in element.findall(self.ns + "url")],
            "contact": [self._contact(c) for c in element.findall(self.ns + "contact")],
        }

    def component(self, element: Element, depth: int) -> Json:
        """One ``<component>`` and, recursively, its nested components."""
        if depth > MAX_NESTING:
            raise InputTooLarge.at(
                "/components", f"components nest deeper than {MAX_NESTING} levels"
            )
        entry: Json = {"type": element.get("type", "library")}
        if element.get("bom-ref"):
            entry["bom-ref"] = element.get("bom-ref")
        for key in _TEXT_FIELDS:
            value = self._text(element, key)
            if value is not None:
                entry[key] = value
        for key in ("supplier", "manufacturer"):
            party = self._child(element, key)
            if party is not None:
                entry[key] = self._party(party)
        entry["authors"] = [self._contact(a) for a in self._items(element, "authors", "author")]
        entry["hashes"] = [
            {"alg": h.get("alg", ""), "content": h.text or ""}
            for h in self._items(element, "hashes", "hash")
        ]
        entry["licenses"] = self._licenses(element)
        entry["properties"] = [
            {"name": p.get("name", ""), "value": p.text or ""}
            for p in self._items(element, "properties", "property")
        ]
        entry["externalReferences"] = [
            {"type": r.get("type", "other"), "url": self._text(r, "url") or ""}
            for r in self._items(element, "externalReferences", "reference")
        ]
        entry["components"] = [
            self.component(c, depth + 1) for c in self._items(element, "components", "component")
        ]
        return entry

    def _licenses(self, element: Element) -> list[Json]:
        holder = self._child(element, "licenses")
        if holder is None:
            return []
        choices: list[Json] = []
        for child in holder:
            if child.tag == self.ns + "expression":
                choices.append({"expression": child.text or ""})
            elif child.tag == self.ns + "license":
                choices.append(
                    {"license": {"id": self._text(child, "id"), "name": self._text(child, "name")}}
                )
        return choices
