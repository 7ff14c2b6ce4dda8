"""A drafted cws13, written as an editor would: cws12.yaml copied and edited by hand.

The draft merges R9 into R8 (its statement's words into R8's statement, its one action with
its sub-items into R8 as action c), splits R10(b) in two, deletes R7(b) and adds a new R10.
The adopted R10 becomes R9. The texts added are the test's own (no source states them).
"""

from __future__ import annotations

from pathlib import Path

from conftest import REGISTRY, replace_once

R8_STATEMENT = (
    "IP offices are encouraged to cooperate in developing and using common ICT reference architectures for "
    "IP, including solutions and platforms to improve the quality and efficiency in business processes, and "
    "to share experience."
)
R8_MERGED = (
    "IP offices are encouraged to cooperate in developing and using common ICT reference architectures for "
    "IP, including solutions and platforms to improve the quality and efficiency in business processes, and "
    "to share experience and information on planning, managing, delivering, and evaluating ICT projects."
)
R10_B = (
    "IP offices are encouraged to explore and share the use cases of AI- powered tools and services, including "
    "generative AI capabilities as they mature, for functions including image searching, semantic text searching, "
    "image and text classifications, translation, and customer support."
)
R10_B_PARTS = (
    "IP offices are encouraged to explore and share the use cases of AI- powered tools and services, including "
    "generative AI capabilities as they mature, for image searching and semantic text searching.",
    "IP offices are encouraged to explore and share the use cases of AI- powered tools and services for image and "
    "text classifications, translation, and customer support.",
)
R7_B = (
    '      - label: b\n        text: "IP offices are encouraged to inform the International Bureau of their '
    'implementation status of WIPO Standards and to participate in the surveys of the CWS."\n'
)
NEW_R10 = """  - id: cloud-services
    number: 10
    statement: "IP offices should assess the security and portability of cloud services before they move IP registers to them."
    actions:
      - label: a
        text: "IP offices should keep an exit plan for every register hosted by a cloud service provider."
      - label: b
        text: "IP offices are encouraged to publish the assessment criteria they apply to cloud service providers."
    source:
      file: fictional-proposal.txt
      at: para 3
"""


def cws13_text() -> str:
    """Return cws13.yaml: cws12.yaml with the draft's edits, each made where an editor would make it."""
    text = (REGISTRY / "cws12.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "id: cws12\n", "id: cws13\n")
    text = replace_once(text, "status: adopted\nderives_from: cws11\n", "status: draft\nderives_from: cws12\n")
    text = replace_once(text, R7_B, "")
    # R9 merged into R8: R8's statement takes R9's words, R9(a) and its sub-items become R8(c).
    text = replace_once(text, f'statement: "{R8_STATEMENT}"', f'statement: "{R8_MERGED}"')
    r9_start = text.index("  - id: ict-projects\n")
    r9_actions = text.index("      - label: a\n", r9_start)
    r9_source = text.index("    source:\n", r9_actions)
    r9_end = text.index("  - id: emerging-technologies\n")
    moved = text[r9_actions:r9_source].replace("      - label: a\n", "      - label: c\n", 1)
    text = text[:r9_start] + text[r9_end:]
    r8_source = text.index("    source:\n", text.index("  - id: reference-architectures\n"))
    text = text[:r8_source] + moved + text[r8_source:]
    # The adopted R10 becomes R9, its (b) split in two; a new R10 closes the edition.
    r10 = text.index("  - id: emerging-technologies\n")
    text = text[:r10] + replace_once(text[r10:], "    number: 10\n", "    number: 9\n")
    text = replace_once(
        text,
        f'      - label: b\n        text: "{R10_B}"\n',
        f'      - label: b\n        text: "{R10_B_PARTS[0]}"\n      - label: c\n        text: "{R10_B_PARTS[1]}"\n',
    )
    text = replace_once(
        text,
        '      - label: c\n        text: "IP offices should consider ways',
        '      - label: d\n        text: "IP offices should consider ways',
    )
    return text + NEW_R10


def write_cws13(registry: Path) -> Path:
    """Write the drafted cws13 into a registry copy; return its path."""
    path = registry / "cws13.yaml"
    path.write_text(cws13_text(), encoding="utf-8")
    return path
