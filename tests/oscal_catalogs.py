"""Two small OSCAL catalogs written by hand, the way a compliance team writes one: an old and a new edition.

The old catalog is given in the three notations NIST publishes (JSON, YAML, XML), saying the
same thing; the new one in JSON. Between them: AC-1's policy is reworded and softened, AC-2
gains an item c. that takes in AC-2(1) (withdrawn, ``incorporated-into`` the item), AU-1 is
withdrawn and ``moved-to`` the new AU-6, and AC-1 keeps its parameters, guidance, groups and
the deeper items (a), (b) under a.1. Texts are invented for the tests (no source text).
"""

from __future__ import annotations

import json
from pathlib import Path

UUID_OLD = "11111111-2222-4333-8444-555555555555"
UUID_NEW = "11111111-2222-4333-8444-666666666666"


def _label(value: str) -> list[dict]:
    return [{"name": "label", "value": value}]


def old_catalog() -> dict:
    """Return the old catalog as OSCAL JSON data."""
    return {
        "catalog": {
            "uuid": UUID_OLD,
            "metadata": {
                "title": "Example Controls",
                "last-modified": "2024-01-15T00:00:00Z",
                "version": "1.0",
                "oscal-version": "1.1.2",
            },
            "groups": [
                {
                    "id": "ac",
                    "class": "family",
                    "title": "Access Control",
                    "controls": [
                        {
                            "id": "ac-1",
                            "class": "SP800-53",
                            "title": "Policy and Procedures",
                            "params": [
                                {"id": "ac-1_prm_1", "label": "organization-defined personnel or roles"},
                                {
                                    "id": "ac-1_prm_2",
                                    "select": {
                                        "how-many": "one-or-more",
                                        "choice": ["Organization-level", "System-level"],
                                    },
                                },
                            ],
                            "props": _label("AC-1"),
                            "links": [{"href": "#ac-2", "rel": "related"}],
                            "parts": [
                                {
                                    "id": "ac-1_smt",
                                    "name": "statement",
                                    "parts": [
                                        {
                                            "id": "ac-1_smt.a",
                                            "name": "item",
                                            "props": _label("a."),
                                            "prose": "Develop and disseminate to {{ insert: param, ac-1_prm_1 }}:",
                                            "parts": [
                                                {
                                                    "id": "ac-1_smt.a.1",
                                                    "name": "item",
                                                    "props": _label("1."),
                                                    "prose": "{{ insert: param, ac-1_prm_2 }} access control policy that:",
                                                    "parts": [
                                                        {
                                                            "id": "ac-1_smt.a.1.a",
                                                            "name": "item",
                                                            "props": _label("(a)"),
                                                            "prose": "Addresses purpose and scope; and",
                                                        },
                                                        {
                                                            "id": "ac-1_smt.a.1.b",
                                                            "name": "item",
                                                            "props": _label("(b)"),
                                                            "prose": "Is consistent with applicable laws.",
                                                        },
                                                    ],
                                                }
                                            ],
                                        },
                                        {
                                            "id": "ac-1_smt.b",
                                            "name": "item",
                                            "props": _label("b."),
                                            "prose": "The organization shall review and update the policy annually.",
                                        },
                                    ],
                                },
                                {
                                    "id": "ac-1_gdn",
                                    "name": "guidance",
                                    "prose": "Policy can be included as part of the general policy.",
                                },
                            ],
                            "controls": [
                                {
                                    "id": "ac-1.1",
                                    "class": "SP800-53-enhancement",
                                    "title": "Automated Support",
                                    "props": _label("AC-1(1)"),
                                    "parts": [
                                        {
                                            "id": "ac-1.1_smt",
                                            "name": "statement",
                                            "prose": "Support policy management using automated mechanisms.",
                                        }
                                    ],
                                },
                            ],
                        },
                        {
                            "id": "ac-2",
                            "class": "SP800-53",
                            "title": "Account Management",
                            "props": _label("AC-2"),
                            "parts": [
                                {
                                    "id": "ac-2_smt",
                                    "name": "statement",
                                    "parts": [
                                        {
                                            "id": "ac-2_smt.a",
                                            "name": "item",
                                            "props": _label("a."),
                                            "prose": "Define the types of accounts allowed.",
                                        },
                                        {
                                            "id": "ac-2_smt.b",
                                            "name": "item",
                                            "props": _label("b."),
                                            "prose": "Assign account managers.",
                                        },
                                    ],
                                }
                            ],
                            "controls": [
                                {
                                    "id": "ac-2.1",
                                    "class": "SP800-53-enhancement",
                                    "title": "Shared Accounts",
                                    "props": _label("AC-2(1)"),
                                    "parts": [
                                        {
                                            "id": "ac-2.1_smt",
                                            "name": "statement",
                                            "prose": "Terminate shared account credentials when members leave the group.",
                                        }
                                    ],
                                },
                            ],
                        },
                    ],
                },
                {
                    "id": "au",
                    "class": "family",
                    "title": "Audit and Accountability",
                    "controls": [
                        {
                            "id": "au-1",
                            "class": "SP800-53",
                            "title": "Audit Review",
                            "props": _label("AU-1"),
                            "parts": [
                                {
                                    "id": "au-1_smt",
                                    "name": "statement",
                                    "prose": "Review audit records weekly for signs of misuse.",
                                }
                            ],
                        },
                    ],
                },
            ],
        }
    }


def new_catalog() -> dict:
    """Return the new catalog: AC-1 softened, AC-2(1) incorporated into AC-2 c., AU-1 moved to AU-6."""
    data = json.loads(json.dumps(old_catalog()))
    catalog = data["catalog"]
    catalog["uuid"] = UUID_NEW
    catalog["metadata"].update({"version": "2.0", "last-modified": "2025-03-01T00:00:00Z"})
    ac, au = catalog["groups"]
    ac1, ac2 = ac["controls"]
    ac1["parts"][0]["parts"][1]["prose"] = "The organization may review and update the policy every two years."
    ac2["parts"][0]["parts"].append(
        {
            "id": "ac-2_smt.c",
            "name": "item",
            "props": _label("c."),
            "prose": "Terminate shared account credentials when members leave the group.",
        }
    )
    ac2["controls"] = [
        {
            "id": "ac-2.1",
            "class": "SP800-53-enhancement",
            "title": "Shared Accounts",
            "props": [*_label("AC-2(1)"), {"name": "status", "value": "withdrawn"}],
            "links": [{"href": "#ac-2_smt.c", "rel": "incorporated-into"}],
        }
    ]
    au["controls"] = [
        {
            "id": "au-1",
            "class": "SP800-53",
            "title": "Audit Review",
            "props": [*_label("AU-1"), {"name": "status", "value": "withdrawn"}],
            "links": [{"href": "#au-6", "rel": "moved-to"}],
        },
        {
            "id": "au-6",
            "class": "SP800-53",
            "title": "Audit Record Review, Analysis, and Reporting",
            "props": _label("AU-6"),
            "parts": [
                {
                    "id": "au-6_smt",
                    "name": "statement",
                    "prose": "Review and analyze audit records for signs of misuse.",
                }
            ],
        },
    ]
    return data


OLD_YAML = """\
catalog:
  uuid: 11111111-2222-4333-8444-555555555555
  metadata:
    title: Example Controls
    last-modified: 2024-01-15T00:00:00Z
    version: 1.0
    oscal-version: 1.1.2
  groups:
    - id: ac
      class: family
      title: Access Control
      controls:
        - id: ac-1
          class: SP800-53
          title: Policy and Procedures
          params:
            - id: ac-1_prm_1
              label: organization-defined personnel or roles
            - id: ac-1_prm_2
              select:
                how-many: one-or-more
                choice:
                  - Organization-level
                  - System-level
          props:
            - name: label
              value: AC-1
          links:
            - href: "#ac-2"
              rel: related
          parts:
            - id: ac-1_smt
              name: statement
              parts:
                - id: ac-1_smt.a
                  name: item
                  props:
                    - name: label
                      value: a.
                  prose: "Develop and disseminate to {{ insert: param, ac-1_prm_1 }}:"
                  parts:
                    - id: ac-1_smt.a.1
                      name: item
                      props:
                        - name: label
                          value: "1."
                      prose: "{{ insert: param, ac-1_prm_2 }} access control policy that:"
                      parts:
                        - id: ac-1_smt.a.1.a
                          name: item
                          props:
                            - name: label
                              value: (a)
                          prose: Addresses purpose and scope; and
                        - id: ac-1_smt.a.1.b
                          name: item
                          props:
                            - name: label
                              value: (b)
                          prose: Is consistent with applicable laws.
                - id: ac-1_smt.b
                  name: item
                  props:
                    - name: label
                      value: b.
                  prose: The organization shall review and update the policy annually.
            - id: ac-1_gdn
              name: guidance
              prose: Policy can be included as part of the general policy.
          controls:
            - id: ac-1.1
              class: SP800-53-enhancement
              title: Automated Support
              props:
                - name: label
                  value: AC-1(1)
              parts:
                - id: ac-1.1_smt
                  name: statement
                  prose: Support policy management using automated mechanisms.
        - id: ac-2
          class: SP800-53
          title: Account Management
          props:
            - name: label
              value: AC-2
          parts:
            - id: ac-2_smt
              name: statement
              parts:
                - id: ac-2_smt.a
                  name: item
                  props:
                    - name: label
                      value: a.
                  prose: Define the types of accounts allowed.
                - id: ac-2_smt.b
                  name: item
                  props:
                    - name: label
                      value: b.
                  prose: Assign account managers.
          controls:
            - id: ac-2.1
              class: SP800-53-enhancement
              title: Shared Accounts
              props:
                - name: label
                  value: AC-2(1)
              parts:
                - id: ac-2.1_smt
                  name: statement
                  prose: Terminate shared account credentials when members leave the group.
    - id: au
      class: family
      title: Audit and Accountability
      controls:
        - id: au-1
          class: SP800-53
          title: Audit Review
          props:
            - name: label
              value: AU-1
          parts:
            - id: au-1_smt
              name: statement
              prose: Review audit records weekly for signs of misuse.
"""

OLD_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="11111111-2222-4333-8444-555555555555">
  <metadata>
    <title>Example Controls</title>
    <last-modified>2024-01-15T00:00:00Z</last-modified>
    <version>1.0</version>
    <oscal-version>1.1.2</oscal-version>
  </metadata>
  <group id="ac" class="family">
    <title>Access Control</title>
    <control id="ac-1" class="SP800-53">
      <title>Policy and Procedures</title>
      <param id="ac-1_prm_1">
        <label>organization-defined personnel or roles</label>
      </param>
      <param id="ac-1_prm_2">
        <select how-many="one-or-more">
          <choice>Organization-level</choice>
          <choice>System-level</choice>
        </select>
      </param>
      <prop name="label" value="AC-1"/>
      <link href="#ac-2" rel="related"/>
      <part id="ac-1_smt" name="statement">
        <part id="ac-1_smt.a" name="item">
          <prop name="label" value="a."/>
          <p>Develop and disseminate to <insert type="param" id-ref="ac-1_prm_1"/>:</p>
          <part id="ac-1_smt.a.1" name="item">
            <prop name="label" value="1."/>
            <p><insert type="param" id-ref="ac-1_prm_2"/> access control policy that:</p>
            <part id="ac-1_smt.a.1.a" name="item">
              <prop name="label" value="(a)"/>
              <p>Addresses purpose and scope; and</p>
            </part>
            <part id="ac-1_smt.a.1.b" name="item">
              <prop name="label" value="(b)"/>
              <p>Is consistent with applicable laws.</p>
            </part>
          </part>
        </part>
        <part id="ac-1_smt.b" name="item">
          <prop name="label" value="b."/>
          <p>The organization shall review and update the policy annually.</p>
        </part>
      </part>
      <part id="ac-1_gdn" name="guidance">
        <p>Policy can be included as part of the general policy.</p>
      </part>
      <control id="ac-1.1" class="SP800-53-enhancement">
        <title>Automated Support</title>
        <prop name="label" value="AC-1(1)"/>
        <part id="ac-1.1_smt" name="statement">
          <p>Support policy management using automated mechanisms.</p>
        </part>
      </control>
    </control>
    <control id="ac-2" class="SP800-53">
      <title>Account Management</title>
      <prop name="label" value="AC-2"/>
      <part id="ac-2_smt" name="statement">
        <part id="ac-2_smt.a" name="item">
          <prop name="label" value="a."/>
          <p>Define the types of accounts allowed.</p>
        </part>
        <part id="ac-2_smt.b" name="item">
          <prop name="label" value="b."/>
          <p>Assign account managers.</p>
        </part>
      </part>
      <control id="ac-2.1" class="SP800-53-enhancement">
        <title>Shared Accounts</title>
        <prop name="label" value="AC-2(1)"/>
        <part id="ac-2.1_smt" name="statement">
          <p>Terminate shared account credentials when members leave the group.</p>
        </part>
      </control>
    </control>
  </group>
  <group id="au" class="family">
    <title>Audit and Accountability</title>
    <control id="au-1" class="SP800-53">
      <title>Audit Review</title>
      <prop name="label" value="AU-1"/>
      <part id="au-1_smt" name="statement">
        <p>Review audit records weekly for signs of misuse.</p>
      </part>
    </control>
  </group>
</catalog>
"""


def write(folder: Path) -> dict[str, Path]:
    """Write the catalogs into a folder: old.json, old.yaml, old.xml, new.json; return their paths by name."""
    files = {
        "old.json": json.dumps(old_catalog(), indent=2),
        "old.yaml": OLD_YAML,
        "old.xml": OLD_XML,
        "new.json": json.dumps(new_catalog(), indent=2),
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths
