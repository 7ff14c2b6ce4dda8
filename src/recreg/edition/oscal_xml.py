"""OSCAL XML: a catalog in NIST's XML, turned into the JSON model that NIST's JSON Schema describes.

OSCAL defines one model with two notations. In XML, repeated children stand one by one
(``<prop>``, ``<prop>``), where JSON groups them under a plural key (``props``); text with
inline markup (``<em>``, ``<a>``, ``<insert>``) is Markdown in JSON; a part's paragraphs are
its direct children in XML and its ``prose`` in JSON. The tables below are the catalog
model's, read from NIST's resolved metaschemas (catalog, control-common, metadata; OSCAL
1.2.3: ``group-as``, ``json-value-key``, ``in-xml="UNWRAPPED"``); the Markdown is what NIST's
converter writes, so a catalog published in both notations reads the same from either (the
rev5 LOW baseline does: ``benchmarks/oscal.py``).

Every element and attribute is carried over, known or not, so that the schema check names
what does not belong (an unknown element becomes an unknown key, reported with its line).
`lines` maps each object of the result (by ``id()``), and each ``(id(container), key or index)``,
to the line of the element it came from.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidInput, Problem

NAMESPACE = "http://csrc.nist.gov/ns/oscal/1.0"

# Children grouped under a plural key in JSON (``group-as in-json="ARRAY"``).
GROUPED = {
    "prop": "props",
    "link": "links",
    "part": "parts",
    "control": "controls",
    "group": "groups",
    "param": "params",
    "role": "roles",
    "party": "parties",
    "location": "locations",
    "responsible-party": "responsible-parties",
    "resource": "resources",
    "rlink": "rlinks",
    "hash": "hashes",
    "document-id": "document-ids",
    "email-address": "email-addresses",
    "telephone-number": "telephone-numbers",
    "address": "addresses",
    "addr-line": "addr-lines",
    "url": "urls",
    "external-id": "external-ids",
    "member-of-organization": "member-of-organizations",
    "location-uuid": "location-uuids",
    "party-uuid": "party-uuids",
    "constraint": "constraints",
    "guideline": "guidelines",
    "value": "values",
    "choice": "choice",
    "test": "tests",
    "action": "actions",
    "revision": "revisions",
}
# A location has one address, a party several.
SINGLE_IN = {("location", "address")}
# Children that XML wraps in an element of their own (``<revisions><revision/>...</revisions>``).
WRAPPERS = {"revisions"}
# Fields with flags whose text goes under this key (``json-value-key``); other fields with
# flags use ``value``.
VALUE_KEYS = {"document-id": "identifier", "hash": "value", "telephone-number": "number", "external-id": "id"}
# Fields of inline markup (markup-line) and of block markup wrapped in their own element.
MARKUP_LINE = {"title", "label", "choice", "text"}
MARKUP_BLOCKS = {"remarks", "description", "usage"}
# Assemblies whose paragraphs stand directly inside them (``prose``, in-xml="UNWRAPPED").
UNWRAPPED = {"part", "guideline"}
BLOCKS = {"p", "ul", "ol", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"}
# Assemblies that are objects even when empty.
ASSEMBLIES = {"metadata", "back-matter", "citation", "include-all", "select", "address", "catalog"}

_INLINE = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`", "sub": "~", "sup": "^"}
# Characters NIST's converter escapes in Markdown text.
_ESCAPE = re.compile(r"([*`~^\\])")


def _local(tag: Any) -> str | None:
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return name if namespace == NAMESPACE else f"{{{namespace}}}{name}" if namespace else name


def parse_xml(raw: bytes, file: str) -> tuple[dict, dict]:
    """Read an OSCAL catalog in XML into its JSON model.

    Args:
        raw: the file's bytes.
        file: what to name in errors.

    Returns:
        ``({"catalog": ...}, lines)``: the model, and the line each of its objects (by
        ``id()``) and each member (by ``(id(container), key or index)``) came from.

    Raises:
        InvalidInput: not well-formed XML, a DTD or entity (never resolved), or a root other
            than an OSCAL ``catalog``.
    """
    from lxml import etree

    if re.search(rb"<!DOCTYPE|<!ENTITY", raw[:65536]):
        raise InvalidInput(
            Problem(
                "XML with a DTD or entity declaration: refused (OSCAL needs none)",
                file=file,
                expected="an OSCAL catalog without <!DOCTYPE>",
            )
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc).split(" (line")[0].strip())
        raise InvalidInput(Problem(f"XML syntax error: {message}", file=file, line=line, column=column)) from None
    if _local(root.tag) != "catalog":
        raise InvalidInput(
            Problem(
                f"the root element is <{_local(root.tag)}>, not an OSCAL catalog",
                file=file,
                line=root.sourceline,
                expected=f'<catalog xmlns="{NAMESPACE}">',
            )
        )
    lines: dict = {}
    return {"catalog": _assembly(root, lines)}, lines


def _assembly(element, lines: dict) -> dict:
    """Convert an element with flags and children into an object."""
    name = _local(element.tag)
    found: dict[str, Any] = dict(element.attrib)
    prose = []
    for child in element:
        child_name = _local(child.tag)
        if child_name is None:
            continue
        if name in UNWRAPPED and child_name in BLOCKS:
            prose.append(child)
            continue
        if child_name in WRAPPERS:
            found[child_name] = [_value(grand, lines, name) for grand in child if _local(grand.tag)]
            lines[(id(found), child_name)] = child.sourceline
            continue
        value = _value(child, lines, name)
        key = GROUPED.get(child_name) if (name, child_name) not in SINGLE_IN else None
        if key is None:
            key = child_name
            if key in found:  # a second of something that stands once: kept, for the schema to refuse
                key = f"{child_name}[{child.sourceline}]"
            found[key] = value
            lines[(id(found), key)] = child.sourceline
        else:
            siblings = found.setdefault(key, [])
            lines.setdefault((id(found), key), child.sourceline)
            lines[(id(siblings), len(siblings))] = child.sourceline
            siblings.append(value)
    if prose:
        found["prose"] = blocks(prose)
    elif name in UNWRAPPED and (element.text or "").strip():
        found["prose"] = _escaped(" ".join(element.text.split()))
    lines[id(found)] = element.sourceline
    return found


def _value(element, lines: dict, parent: str | None) -> Any:
    """Convert a child element: a field (text, or an object with its flags) or an assembly."""
    name = _local(element.tag)
    if name in MARKUP_LINE and not (name == "text" and parent not in ("link", "citation")):
        return inline(element)
    if name in MARKUP_BLOCKS:
        return blocks([child for child in element if _local(child.tag)]) or _escaped(
            " ".join((element.text or "").split())
        )
    has_children = any(_local(child.tag) for child in element)
    if not has_children and name not in ASSEMBLIES and name not in UNWRAPPED:
        text = element.text or ""
        if not element.attrib:
            return text
        found = dict(element.attrib)
        if text or name in VALUE_KEYS:
            found[VALUE_KEYS.get(name, "value")] = text
        lines[id(found)] = element.sourceline
        return found
    return _assembly(element, lines)


def inline(element) -> str:
    """Write an element's mixed content as NIST's Markdown for a markup-line (``*em*``, ``[a](href)``)."""
    return _inline_content(element)


def _inline_content(element) -> str:
    out = [_escaped(_space(element.text))]
    for child in element:
        name = _local(child.tag)
        if name is None:
            out.append(_escaped(_space(child.tail)))
            continue
        inner = _inline_content(child)
        if name in _INLINE:
            mark = _INLINE[name]
            out.append(f"{mark}{inner}{mark}")
        elif name == "q":
            out.append(f'"{inner}"')
        elif name == "a":
            out.append(f"[{inner}]({child.get('href', '')})")
        elif name == "insert":
            out.append(f"{{{{ insert: {child.get('type', 'param')}, {child.get('id-ref', '')} }}}}")
        elif name == "img":
            title = f' "{child.get("title")}"' if child.get("title") else ""
            out.append(f"![{child.get('alt', '')}]({child.get('src', '')}{title})")
        elif name == "br":
            out.append("  \n")
        else:
            out.append(inner)
        out.append(_escaped(_space(child.tail)))
    return "".join(out)


def _space(text: str | None) -> str:
    """Collapse XML's layout whitespace inside mixed content to single spaces."""
    return re.sub(r"\s+", " ", text or "")


def _escaped(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def blocks(elements) -> str:
    """Write block elements (paragraphs, lists, tables, headings) as NIST's Markdown for a markup-multiline."""
    out = []
    for element in elements:
        name = _local(element.tag)
        if name == "p":
            out.append(inline(element))
        elif name in ("ul", "ol"):
            out.append(_list(element, 0))
        elif name and name.startswith("h") and name[1:].isdigit():
            out.append("#" * int(name[1:]) + " " + inline(element))
        elif name == "pre":
            out.append("```\n" + (element.text or "") + "\n```")
        elif name == "blockquote":
            out.append("\n".join("> " + line for line in blocks([c for c in element if _local(c.tag)]).split("\n")))
        elif name == "table":
            out.append(_table(element))
        elif name == "hr":
            out.append("---")
        else:
            out.append(inline(element))
    return "\n\n".join(out)


def _list(element, depth: int) -> str:
    lines = []
    ordered = _local(element.tag) == "ol"
    for item in element:
        if _local(item.tag) != "li":
            continue
        nested = [child for child in item if _local(child.tag) in ("ul", "ol")]
        for child in nested:
            item.remove(child)
        lines.append("  " * depth + ("1. " if ordered else "- ") + inline(item))
        lines += [_list(child, depth + 1) for child in nested]
    return "\n".join(lines)


def _table(element) -> str:
    rows = [row for row in element.iter() if _local(row.tag) == "tr"]
    cells = [[inline(cell) for cell in row if _local(cell.tag) in ("td", "th")] for row in rows]
    if not cells:
        return ""
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "|".join(" --- " for _ in cells[0]) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells[1:]])
