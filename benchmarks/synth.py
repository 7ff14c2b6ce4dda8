"""Synthetic edition pairs for the diff benchmark, with known ground truth.

The old edition has N recommendations written like the CWS ICT Recommendations: a
statement ("IP offices should ...", 20-45 words) and 1-5 lettered actions (15-40 words),
some with roman sub-items, drawn from a domain vocabulary. Each recommendation has a
topic (two or three terms of the vocabulary, rarer ones less often) that its statement
and most of its actions mention, so recommendations differ as real ones do while sharing
"IP offices", "WIPO Standards", "data" and the like.

The new edition is the old one after these edits (shares are of the old recommendations):

* 5% deleted, then 5% added (fresh texts) at random places;
* 20% reworded: word insertions, deletions and substitutions, and modal swaps
  ("should" -> "are encouraged to" and back), light to heavy;
* ~3% have an action split in two (a compound action becomes two actions);
* ~3% lose an action to another recommendation (moved; half of them also reworded);
* 2% are merged into another one (their statement becomes an action of it, followed by
  their own actions), among those that no split or move touched;
* 30% shuffled: their positions are permuted among themselves; with the deletions and
  additions, almost every recommendation ends up renumbered.

Recommendations keep their ``id`` in both editions and actions carry a stable ``id``
(the second part of a split gets ``<id>-split``), so the ground truth follows from the
ids; it is also written to ``truth.json`` (old number -> new number, old action address
-> new action address, splits, moves and merges).

Usage::

    .venv/bin/python benchmarks/synth.py --size 2000 [--seed 20240916] [--lexicon realistic|narrow]
                                         [--out DIR] [--force] [--check]

writes ``DIR/synth-old.yaml``, ``DIR/synth-new.yaml`` and ``DIR/truth.json``
(default DIR: ``benchmarks/out/synth-<size>-s<seed>``, ``-narrow`` appended for the
narrow lexicon). Output is byte-for-byte deterministic for a given size, seed and lexicon.

The default lexicon is ``realistic``: besides the fixed domain lists (some 600 words),
a Zipf-drawn long tail of technology fields, named systems, offices and provisions
makes the vocabulary grow with the size about as real prose does (Heaps' law fitted on
cws11 and cws12: ~10 * sqrt(tokens) distinct words). ``narrow`` leaves the tail out:
the vocabulary saturates near 600 words, so at thousands of recommendations few words
are rare -- a stress case for matching by rare words.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 4
DEFAULT_SEED = 20240916
HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

SHARE_DELETED = 0.05
SHARE_ADDED = 0.05
SHARE_REWORDED = 0.20
SHARE_SPLIT = 0.03
SHARE_MOVED = 0.03
SHARE_MERGED = 0.02
SHARE_SHUFFLED = 0.30

# --------------------------------------------------------------------------- vocabulary
# Lists are in rough order of how common the term is; `_zipf` draws early entries more often.

NOUNS = [
    "IP data",
    "data",
    "documents",
    "IP documents",
    "applications",
    "business processes",
    "ICT systems",
    "data exchange",
    "IP information",
    "services",
    "bibliographic data",
    "full-text data",
    "legal status data",
    "patent documents",
    "trademark data",
    "industrial design data",
    "examination procedures",
    "online services",
    "digital solutions",
    "data quality",
    "metadata",
    "search tools",
    "classification data",
    "priority documents",
    "file wrappers",
    "citation data",
    "sequence listings",
    "trademark images",
    "design representations",
    "e-filing systems",
    "application programming interfaces",
    "web services",
    "XML schemas",
    "JSON formats",
    "authority files",
    "identifiers",
    "machine translation",
    "image search",
    "semantic search",
    "OCR results",
    "customer support",
    "online portals",
    "payment systems",
    "dashboards",
    "performance indicators",
    "data governance",
    "information security",
    "cybersecurity controls",
    "incident response plans",
    "backup arrangements",
    "disaster recovery plans",
    "cloud services",
    "hosting arrangements",
    "vendor contracts",
    "staff skills",
    "training programmes",
    "change management",
    "project portfolios",
    "ICT budgets",
    "enterprise architecture",
    "reference architectures",
    "technology stacks",
    "open source components",
    "shared platforms",
    "registers",
    "gazettes",
    "official publications",
    "notification workflows",
    "renewal procedures",
    "opposition proceedings",
    "appeal decisions",
    "examination reports",
    "search reports",
    "office actions",
    "formality checks",
    "fee schedules",
    "user accounts",
    "digital identities",
    "electronic signatures",
    "timestamps",
    "audit trails",
    "retention schedules",
    "digital archives",
    "paper archives",
    "scanned images",
    "drawings",
    "abstracts",
    "claims",
    "descriptions",
    "titles",
    "applicant names",
    "address data",
    "representative data",
    "inventor names",
    "owner records",
    "assignment records",
    "licence records",
    "security interests",
    "translation memories",
    "terminology databases",
    "multilingual glossaries",
    "controlled vocabularies",
    "ontologies",
    "knowledge graphs",
    "linked open data",
    "statistical data",
    "annual reports",
    "usage statistics",
    "log files",
    "error reports",
    "validation rules",
    "conformance tests",
    "test suites",
    "migration plans",
    "legacy systems",
    "mainframe applications",
    "data warehouses",
    "data lakes",
    "master data",
    "reference data",
    "code lists",
    "country codes",
    "kind codes",
    "date formats",
    "name standardization",
    "applicant identifiers",
    "global identifiers",
    "persistent identifiers",
    "document identifiers",
    "application numbers",
    "publication numbers",
    "registration numbers",
    "patent families",
    "family data",
    "PCT national phase entries",
    "Madrid designations",
    "Hague registrations",
    "geographical indications",
    "plant variety data",
    "utility models",
    "supplementary protection certificates",
    "biological material deposits",
    "prior art collections",
    "non-patent literature",
    "standard essential patents",
    "image classifications",
    "Vienna Classification data",
    "Nice Classification terms",
    "Locarno Classification data",
    "International Patent Classification data",
    "Cooperative Patent Classification data",
    "goods and services lists",
    "sound marks",
    "motion marks",
    "multimedia marks",
    "3D models",
    "colour drawings",
    "video files",
    "chemical structures",
    "mathematical formulae",
    "tables",
    "tagged images",
    "bulk data products",
    "download services",
    "subscription services",
    "notification services",
    "mobile applications",
    "chatbots",
    "virtual assistants",
    "speech recognition",
    "natural language processing",
    "large language models",
    "generative AI services",
    "machine learning models",
    "training data",
    "model evaluation",
    "bias assessments",
    "explainability reports",
    "blockchain ledgers",
    "smart contracts",
    "distributed registers",
    "digital wallets",
    "verifiable credentials",
    "API keys",
    "access tokens",
    "rate limits",
    "service level agreements",
    "capacity plans",
    "network infrastructure",
    "data centres",
    "virtual machines",
    "containers",
    "microservices",
    "message queues",
    "event streams",
    "batch jobs",
    "scheduling tools",
    "monitoring tools",
    "helpdesk tickets",
    "user feedback",
    "accessibility requirements",
    "usability tests",
    "user journeys",
    "service catalogues",
    "process maps",
    "workflow engines",
    "case management systems",
    "document management systems",
    "records management",
    "email workflows",
    "fax submissions",
    "paper forms",
    "PDF files",
    "DOCX filings",
    "character sets",
    "Unicode support",
    "transliteration rules",
    "romanization tables",
    "right-to-left scripts",
]

ADJECTIVES = [
    "common",
    "digital",
    "machine-readable",
    "structured",
    "relevant",
    "electronic",
    "interoperable",
    "secure",
    "consistent",
    "reliable",
    "open",
    "standardized",
    "automated",
    "shared",
    "appropriate",
    "national",
    "regional",
    "international",
    "full-text",
    "high-quality",
    "cost-effective",
    "scalable",
    "cloud-based",
    "AI-powered",
    "user-friendly",
    "multilingual",
    "real-time",
    "historical",
    "centralized",
    "distributed",
    "harmonized",
    "transparent",
    "accessible",
    "sustainable",
    "modular",
    "flexible",
    "robust",
    "timely",
    "accurate",
    "complete",
    "verified",
    "validated",
    "publicly available",
    "free-of-charge",
    "bulk",
    "incremental",
    "searchable",
    "downloadable",
    "persistent",
    "unique",
    "global",
    "local",
    "legacy",
    "modernized",
    "optimized",
    "integrated",
    "end-to-end",
    "paperless",
    "fully electronic",
    "web-based",
    "mobile-friendly",
    "encrypted",
    "anonymized",
    "pseudonymized",
    "confidential",
    "published",
    "unpublished",
    "pending",
    "granted",
    "registered",
    "expired",
    "lapsed",
    "restored",
    "translated",
    "machine-translated",
    "enriched",
    "normalized",
    "cleansed",
    "deduplicated",
    "tagged",
    "indexed",
    "archived",
    "versioned",
    "documented",
    "audited",
    "certified",
    "benchmarked",
    "prioritized",
    "phased",
    "pilot",
    "experimental",
]

VERBS = [
    "develop",
    "establish",
    "implement",
    "share",
    "ensure",
    "adopt",
    "review",
    "consider",
    "provide",
    "maintain",
    "publish",
    "exchange",
    "improve",
    "promote",
    "support",
    "explore",
    "evaluate",
    "assess",
    "digitize",
    "disseminate",
    "participate in",
    "contribute to",
    "document",
    "harmonize",
    "standardize",
    "modernize",
    "automate",
    "monitor",
    "coordinate",
    "pilot",
    "integrate",
    "validate",
    "secure",
    "archive",
    "preserve",
    "streamline",
    "consolidate",
    "prioritize",
    "identify",
    "define",
    "align",
    "measure",
    "report on",
    "invest in",
    "migrate",
    "enhance",
    "strengthen",
    "facilitate",
    "encourage the use of",
    "make available",
    "collect",
    "analyse",
    "classify",
    "translate",
    "convert",
    "enrich",
    "cleanse",
    "deduplicate",
    "index",
    "curate",
    "govern",
    "protect",
    "audit",
    "test",
    "benchmark",
    "procure",
    "outsource",
    "retire",
    "replace",
    "upgrade",
    "extend",
    "simplify",
    "reuse",
    "open up",
    "link",
    "map",
    "catalogue",
    "track",
    "notify users of",
    "train staff on",
    "plan for",
    "budget for",
]

GERUNDS = [
    "processing",
    "examining",
    "publishing",
    "exchanging",
    "searching",
    "classifying",
    "validating",
    "archiving",
    "translating",
    "disseminating",
    "managing",
    "filing",
    "registering",
    "renewing",
    "monitoring",
    "reporting",
    "sharing",
    "analysing",
    "storing",
    "retrieving",
    "converting",
    "securing",
]

STAKEHOLDERS = [
    "other IP offices",
    "internal and external stakeholders",
    "the International Bureau",
    "applicants",
    "IP professionals",
    "users of IP information",
    "national and regional IP offices",
    "ICT vendors",
    "the CWS Task Forces",
    "academic institutions",
    "the public",
    "small and medium-sized enterprises",
    "patent information centres",
    "Technology and Innovation Support Centers",
    "legal experts",
    "business units",
    "data owners",
    "examiners",
    "ICT staff",
    "member states",
]

STANDARDS = [
    "relevant WIPO Standards",
    "WIPO Standard ST.96",
    "WIPO Standard ST.26",
    "WIPO Standard ST.36",
    "WIPO Standard ST.37",
    "WIPO Standard ST.27",
    "WIPO Standard ST.87",
    "WIPO Standard ST.61",
    "WIPO Standard ST.90",
    "WIPO Standard ST.97",
    "WIPO Standard ST.91",
    "WIPO Standard ST.3",
    "WIPO Standard ST.16",
    "WIPO Standard ST.60",
    "WIPO Standard ST.66",
    "WIPO Standard ST.86",
    "WIPO Standard ST.88",
    "WIPO Standard ST.89",
    "WIPO Standard ST.92",
    "WIPO Standard ST.98",
]

LEVELS = ["organizational", "national", "regional", "international", "operational", "strategic", "technical"]

TAILS = [
    "where possible",
    "as appropriate",
    "in one of the WIPO languages, preferably in English",
    "free-of-charge or at a marginal cost",
    "considering relevant domestic regulations and business policy",
    "taking into account organizational policies and related legal frameworks",
    "on a regular basis",
    "at all stages",
    "in a timely manner",
    "without any barriers",
    "as they mature",
    "step by step",
    "within available resources",
    "in accordance with national law",
    "and annually evaluated",
    "on the basis of best practices",
    "among IP offices",
    "across IP rights where possible",
]

SUBJECTS = [("IP offices", 0.86), ("The International Bureau", 0.08), ("IP offices and the International Bureau", 0.06)]
MODALS = [
    ("should", 0.62),
    ("are encouraged to", 0.24),
    ("should be encouraged to", 0.05),
    ("are invited to", 0.05),
    ("may", 0.04),
]
SINGULAR_MODALS = {"are encouraged to": "is encouraged to", "are invited to": "is invited to"}

# The long tail. Real prose keeps meeting new words as it grows (Heaps' law): the real
# editions give about 10 * sqrt(tokens) distinct folded words, i.e. some 3,000 at 1,000
# recommendations and 7,000 at 5,000, where the lists above saturate near 600. Real
# recommendations get their rare words from named things: technology fields, systems
# and projects, offices, provisions. These are generated (deterministically) and drawn
# with a Zipf law, so a few are common and most are rare.
OFFICES = [
    "USPTO",
    "EPO",
    "JPO",
    "KIPO",
    "CNIPA",
    "EUIPO",
    "UKIPO",
    "DPMA",
    "INPI",
    "CIPO",
    "Rospatent",
    "IMPI",
    "INAPI",
    "INDECOPI",
    "IPOS",
    "MyIPO",
    "IPOPHL",
    "DGIP",
    "SAIP",
    "ARIPO",
    "OAPI",
    "EAPO",
    "BOIP",
    "PRV",
    "NIPO",
    "DKPTO",
    "PRH",
    "SPTO",
    "UIBM",
    "OBI",
    "HIPO",
    "UPRP",
    "IPONZ",
    "IPOI",
    "CIPC",
    "KIPI",
]
_TECH_PREFIXES = [
    "bio",
    "nano",
    "geo",
    "agri",
    "aero",
    "hydro",
    "thermo",
    "electro",
    "photo",
    "chemo",
    "neuro",
    "cyber",
    "micro",
    "opto",
    "petro",
    "pharma",
    "immuno",
    "cryo",
    "magneto",
    "piezo",
    "radio",
    "seismo",
    "tele",
    "astro",
    "eco",
    "enviro",
    "food",
    "marine",
    "textile",
    "medi",
]
_TECH_ROOTS = [
    "sensors",
    "materials",
    "coatings",
    "batteries",
    "catalysts",
    "polymers",
    "imaging",
    "robotics",
    "genomics",
    "diagnostics",
    "therapeutics",
    "vaccines",
    "fertilizers",
    "membranes",
    "lasers",
    "optics",
    "turbines",
    "composites",
    "ceramics",
    "adhesives",
    "fibres",
    "plastics",
    "engines",
    "valves",
    "pumps",
    "filters",
    "circuits",
    "antennas",
    "displays",
    "semiconductors",
    "packaging",
    "machinery",
    "instruments",
    "implants",
    "enzymes",
    "alloys",
    "lubricants",
    "pigments",
    "detergents",
    "solvents",
]
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ve",
    "to",
    "sa",
    "ni",
    "pe",
    "du",
    "ri",
    "mo",
    "ta",
    "le",
    "vi",
    "no",
    "ze",
    "ba",
    "ko",
    "li",
    "su",
    "de",
    "ma",
    "go",
    "re",
    "fi",
    "ha",
    "yo",
    "ne",
    "tu",
]
_SYSTEM_KINDS = [
    "platform",
    "system",
    "portal",
    "database",
    "project",
    "pilot",
    "service",
    "toolkit",
    "gateway",
    "registry",
]


def _build_tail() -> tuple[list[str], list[str]]:
    rng = random.Random("recreg-synth-lexicon")
    fields = [p + r for p in _TECH_PREFIXES for r in _TECH_ROOTS]
    rng.shuffle(fields)
    names: set[str] = set()
    while len(names) < 6000:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice([2, 3, 3, 4]))).capitalize())
    systems = sorted(names)
    rng.shuffle(systems)
    return fields, systems


TECH_FIELDS, SYSTEM_NAMES = _build_tail()
TAIL_S = 0.6  # Zipf exponent of the tail draws, set so the vocabulary grows like the real editions'
TAIL_SHARE = 0.15  # share of noun slots filled from the tail

# Substitutions a redrafting committee makes.
SYNONYMS = {
    "develop": ["establish", "design", "build"],
    "establish": ["develop", "set up", "put in place"],
    "share": ["exchange", "make available"],
    "ensure": ["make sure", "guarantee"],
    "improve": ["enhance", "strengthen"],
    "enhance": ["improve"],
    "consider": ["explore", "study"],
    "explore": ["consider", "investigate"],
    "review": ["assess", "evaluate"],
    "evaluate": ["assess", "review"],
    "provide": ["offer", "supply"],
    "promote": ["encourage", "foster"],
    "data": ["information"],
    "information": ["data"],
    "documents": ["documentation", "records"],
    "common": ["shared", "uniform"],
    "relevant": ["applicable", "appropriate"],
    "systems": ["solutions", "platforms"],
    "tools": ["instruments", "solutions"],
    "staff": ["employees", "personnel"],
    "regular": ["periodic", "annual"],
    "possible": ["feasible", "practicable"],
    "users": ["customers", "clients"],
    "applications": ["filings", "requests"],
    "processes": ["procedures", "workflows"],
    "plans": ["strategies", "roadmaps"],
}
INSERTIONS = [
    "where possible",
    "as appropriate",
    "and other relevant stakeholders",
    "in particular",
    "if necessary",
    "and best",
    "and appropriate",
    "at the organizational level",
    "including data exchange",
    "to the extent possible",
    "in close cooperation with the International Bureau",
    "and rapidly evolving",
    "for modernization",
    "in line with their business strategy",
    "without undue delay",
    "and other ICT issues",
]
MODAL_SWAPS = {
    "should": ["are encouraged to", "should be encouraged to", "may"],
    "are encouraged to": ["should", "are invited to"],
    "should be encouraged to": ["should", "are encouraged to"],
    "are invited to": ["are encouraged to", "should"],
    "may": ["should", "are encouraged to"],
}


NOUN_HEADS = frozenset(n.split()[0] for n in NOUNS if n.split()[0].islower())
VERB_WORDS = frozenset(v.split()[0] for v in VERBS)
ADJECTIVE_WORDS = frozenset(a for a in ADJECTIVES if " " not in a and a not in VERB_WORDS)


def _zipf(rng: random.Random, items: list, s: float = 0.9):
    """Draw one item, early items more often (weight 1/(rank+1)**s)."""
    return rng.choices(items, cum_weights=_zipf_weights(len(items), s))[0]


_WEIGHTS: dict = {}


def _zipf_weights(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights for n items (cached)."""
    key = (n, s)
    if key not in _WEIGHTS:
        acc, total = [], 0.0
        for rank in range(n):
            total += 1.0 / (rank + 1) ** s
            acc.append(total)
        _WEIGHTS[key] = acc
    return _WEIGHTS[key]


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w for w, _ in weighted], [p for _, p in weighted])[0]


def _words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- texts


class Writer:
    """Writes recommendation texts from the vocabulary; one per edition pair (seeded)."""

    def __init__(self, rng: random.Random, lexicon: str = "realistic"):
        self.rng = rng
        self.tail = lexicon == "realistic"

    def rare(self) -> str:
        """A term of the long tail: a technology field, a named system, an office or a provision."""
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return f"{_zipf(rng, TECH_FIELDS, TAIL_S)} {rng.choice(['patent data', 'applications', 'prior art', 'patent landscapes', 'classification schemes'])}"
        if r < 0.8:
            return f"{_zipf(rng, SYSTEM_NAMES, TAIL_S)} {rng.choice(_SYSTEM_KINDS)}"
        if r < 0.92:
            return f"{_zipf(rng, OFFICES, 1.0)} {_zipf(rng, NOUNS, 0.6)}"
        return f"{rng.choice(['Rule', 'Article', 'Section', 'Regulation'])} {_zipf(rng, list(range(1, 121)), 1.0)} procedures"

    def noun(self, topic: list[str] | None = None) -> str:
        r = self.rng.random()
        if topic and r < 0.3:
            return self.rng.choice(topic)
        if self.tail and r > 1 - TAIL_SHARE:
            return self.rare()
        return _zipf(self.rng, NOUNS, 0.6)

    def two_nouns(self, topic: list[str] | None) -> str:
        first = self.noun(topic)
        second = self.noun(topic)
        while second == first:
            second = self.noun()
        return f"{first} and {second}"

    def np(self, topic: list[str] | None = None) -> str:
        r = self.rng.random()
        adj = _zipf(self.rng, ADJECTIVES, 0.7)
        if r < 0.35:
            return f"{adj} {self.noun(topic)}"
        if r < 0.55:
            return self.noun(topic)
        if r < 0.72:
            return self.two_nouns(topic)
        if r < 0.86:
            return f"{self.noun(topic)} of {self.noun()}"
        return f"their {adj} {self.noun(topic)}"

    # Kinds of extension and how often each is drawn.
    PP_KINDS = ("purpose", "standard", "partner", "aim", "level", "including", "account", "basis", "means", "tail")
    PP_WEIGHTS = (14, 10, 10, 14, 8, 14, 8, 8, 6, 8)

    def pp(self, topic: list[str] | None, used: set | None = None) -> str:
        """An extension (purpose, standard, partner, scope...), of a kind not yet in `used`."""
        kinds = [k for k in self.PP_KINDS if used is None or k not in used] or list(self.PP_KINDS)
        weights = [w for k, w in zip(self.PP_KINDS, self.PP_WEIGHTS) if k in kinds]
        kind = self.rng.choices(kinds, weights)[0]
        if used is not None:
            used.add(kind)
        rng = self.rng
        if kind == "purpose":
            return f"for {rng.choice(GERUNDS)} {self.np(topic)}"
        if kind == "standard":
            return f"following {_zipf(rng, STANDARDS, 1.1)}"
        if kind == "partner":
            return f"in collaboration with {_zipf(rng, STAKEHOLDERS, 0.8)}"
        if kind == "aim":
            return f"to {_zipf(rng, VERBS, 0.6)} {self.np(topic)}"
        if kind == "level":
            return f"at the {rng.choice(LEVELS)} level"
        if kind == "including":
            return f"including {self.np(topic)} and {self.np()}"
        if kind == "account":
            return f"taking into account {self.np(topic)}"
        if kind == "basis":
            return f"based on {self.np(topic)}"
        if kind == "means":
            return f"through {self.np(topic)}"
        return _zipf(rng, TAILS, 0.7)

    def vp(self, topic: list[str] | None) -> str:
        verb = _zipf(self.rng, VERBS, 0.6)
        if verb == "ensure":
            return (
                f"ensure that {self.np(topic)} {self.rng.choice(['are', 'remain'])} {_zipf(self.rng, ADJECTIVES, 0.7)}"
            )
        return f"{verb} {self.np(topic)}"

    def head(self, statement: bool) -> tuple[str, str]:
        subject = "IP offices" if statement else _pick(self.rng, SUBJECTS)
        modal = _pick(self.rng, MODALS)
        if subject.startswith("The International Bureau") and subject == "The International Bureau":
            modal = SINGULAR_MODALS.get(modal, modal)
        return subject, modal

    def sentence(self, lo: int, hi: int, topic: list[str], statement: bool = False) -> str:
        """A sentence of lo..hi words: subject, modal, verb phrase, then extensions."""
        for _ in range(200):
            subject, modal = self.head(statement)
            target = self.rng.randint(lo, hi)
            parts = [self.vp(topic)]
            used: set = set()
            while _words(f"{subject} {modal} {' '.join(parts)}") < target and len(used) < len(self.PP_KINDS):
                parts.append(self.pp(topic, used))
            text = f"{subject} {modal} {parts[0]}"
            for k, part in enumerate(parts[1:], 1):
                text += (", " if k > 1 and self.rng.random() < 0.5 else " ") + part
            text += "."
            if lo <= _words(text) <= hi:
                return text
        raise RuntimeError("could not write a sentence in range")  # pragma: no cover

    def compound(self, topic: list[str]) -> tuple[str, str, str]:
        """A two-clause action (15..40 words) and the two actions it splits into."""
        for _ in range(200):
            subject, modal = self.head(False)
            used: set = set()
            a = self.vp(topic) + " " + self.pp(topic, used)
            b = self.vp(topic) + " " + self.pp(topic, used)
            if self.rng.random() < 0.5:
                b += " " + self.pp(topic, used)
            whole = f"{subject} {modal} {a}, and {b}."
            if 15 <= _words(whole) <= 40:
                return whole, f"{subject} {modal} {a}.", f"{subject} {modal} {b}."
        raise RuntimeError("could not write a compound action")  # pragma: no cover

    def items(self, topic: list[str]) -> list[str]:
        count = self.rng.randint(2, 4)
        texts = []
        for k in range(count):
            r = self.rng.random()
            if r < 0.4:
                text = f"{self.rng.choice(GERUNDS)} {self.np(topic)}"
            elif r < 0.7:
                text = f"use of {self.np(topic)} in {self.rng.choice(['IP administration', 'examination', 'publication', 'data exchange', 'customer services'])}"
            else:
                text = f"{self.np(topic)} {self.pp(topic)}"
            texts.append(text + ("." if k == count - 1 else ("; and" if k == count - 2 else ";")))
        return texts

    def lead_in(self, topic: list[str]) -> str:
        for _ in range(200):
            subject, modal = self.head(False)
            text = f"{subject} {modal} {self.vp(topic)} {self.pp(topic)}, such as:"
            if 15 <= _words(text) <= 40:
                return text
            used: set = set()
            text = f"{subject} {modal} {self.vp(topic)} {self.pp(topic, used)} {self.pp(topic, used)}, such as:"
            if 15 <= _words(text) <= 40:
                return text
        raise RuntimeError("could not write a lead-in")  # pragma: no cover

    def topic(self) -> list[str]:
        terms = {_zipf(self.rng, NOUNS, 0.35) for _ in range(self.rng.choice([2, 2, 3]))}
        if self.tail and self.rng.random() < 0.6:
            terms.add(self.rare())
        return sorted(terms)

    def recommendation(self, rec_id: str) -> Rec:
        topic = self.topic()
        rec = Rec(rec_id, self.sentence(20, 45, topic, statement=True))
        n_actions = self.rng.choices([1, 2, 3, 4, 5], [0.15, 0.30, 0.30, 0.15, 0.10])[0]
        for k in range(n_actions):
            action_id = f"{rec_id}-{chr(ord('a') + k)}"
            r = self.rng.random()
            if r < 0.15:
                rec.actions.append(Act(action_id, self.lead_in(topic), self.items(topic)))
            elif r < 0.40:
                whole, first, second = self.compound(topic)
                rec.actions.append(Act(action_id, whole, halves=(first, second)))
            else:
                rec.actions.append(Act(action_id, self.sentence(15, 40, topic)))
        return rec

    # ------------------------------------------------------------------ rewording

    def reword(self, text: str, edits: int) -> str:
        """Apply `edits` word-level edits: modal swaps, insertions, deletions, substitutions.

        Insertions put an adjective before a noun or a phrase at a clause boundary;
        deletions drop an adjective, a "their" or (rarely) a whole comma clause;
        substitutions use a redrafting synonym or another adjective.
        """
        rng = self.rng
        words = text.split(" ")
        for _ in range(edits):
            r = rng.random()
            if r < 0.2 and self._swap_modal(words):
                continue
            bare = [w.rstrip(",.;:") for w in words]
            if r < 0.45:
                heads = [k for k in range(3, len(words)) if bare[k] in NOUN_HEADS]
                if heads and rng.random() < 0.6:
                    words.insert(rng.choice(heads), _zipf(rng, ADJECTIVES, 0.7))
                else:  # a phrase after a comma, or before the closing punctuation
                    bounds = [k for k in range(3, len(words)) if words[k].endswith(",")] + [len(words) - 1]
                    k = rng.choice(bounds)
                    end = len(bare[k])
                    phrase = rng.choice([p for p in INSERTIONS if p not in " ".join(words)] or INSERTIONS)
                    words[k] = words[k][:end] + " " + phrase + words[k][end:]
                    words[:] = " ".join(words).split(" ")
                continue
            if r < 0.7:
                droppable = [k for k in range(3, len(words) - 1) if words[k] in ADJECTIVE_WORDS or words[k] == "their"]
                clauses = [k for k in range(3, len(words) - 1) if words[k].endswith(",")]
                if clauses and (rng.random() < 0.15 or not droppable):
                    k = rng.choice(clauses)  # drop the clause after this comma, up to the next comma or the end
                    stop = next((m for m in range(k + 1, len(words) - 1) if words[m].endswith(",")), None)
                    if stop is not None:
                        del words[k + 1 : stop + 1]
                    elif k + 1 < len(words) - 1:
                        words[k] = words[k][:-1] + words[-1][len(words[-1].rstrip(",.;:")) :]
                        del words[k + 1 :]
                elif droppable:
                    del words[rng.choice(droppable)]
                continue
            candidates = [k for k in range(2, len(words)) if bare[k] in SYNONYMS or bare[k] in ADJECTIVE_WORDS]
            if candidates:
                k = rng.choice(candidates)
                core = bare[k]
                pool = SYNONYMS.get(core) or [a for a in ADJECTIVES[:40] if a != core and a not in VERB_WORDS]
                words[k] = rng.choice(pool) + words[k][len(core) :]
                words[:] = " ".join(words).split(" ")
        return " ".join(words)

    def _swap_modal(self, words: list[str]) -> bool:
        text = " ".join(words)
        for phrase in sorted(MODAL_SWAPS, key=len, reverse=True):
            for variant in (phrase, SINGULAR_MODALS.get(phrase, phrase)):
                needle = f" {variant} "
                if needle in f" {text} ":
                    new = self.rng.choice(MODAL_SWAPS[phrase])
                    if variant != phrase:
                        new = SINGULAR_MODALS.get(new, new)
                    swapped = f" {text} ".replace(needle, f" {new} ", 1).strip()
                    words[:] = swapped.split(" ")
                    return True
        return False


# --------------------------------------------------------------------------- editions


@dataclass
class Act:
    id: str
    text: str
    items: list[str] = field(default_factory=list)
    halves: tuple[str, str] | None = None  # for a compound action: the two actions it can split into


@dataclass
class Rec:
    id: str
    statement: str
    actions: list[Act] = field(default_factory=list)

    def copy(self) -> Rec:
        return Rec(self.id, self.statement, [Act(a.id, a.text, list(a.items), a.halves) for a in self.actions])


def _roman(n: int) -> str:
    """Write 1..89 as a lower-case roman numeral."""
    tens, units = divmod(n, 10)
    return ["", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx"][tens] + [
        "",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "viii",
        "ix",
    ][units]


ROMAN = [_roman(n) for n in range(1, 90)]


def _edit_count(rng: random.Random, words: int) -> int:
    """Light (1-2), medium (3-5) or heavy (up to ~30% of the words) rewording."""
    r = rng.random()
    if r < 0.5:
        return rng.randint(1, 2)
    if r < 0.85:
        return rng.randint(3, 5)
    return rng.randint(6, max(6, words * 3 // 10))


LEXICONS = ("realistic", "narrow")


def generate(size: int, seed: int = DEFAULT_SEED, lexicon: str = "realistic") -> tuple[list[Rec], list[Rec], dict]:
    """Return (old recommendations, new recommendations, ground truth) for a size and seed.

    `lexicon` is ``realistic`` (the vocabulary grows with the size, like real prose) or
    ``narrow`` (the fixed lists alone: some 600 words however large the edition, a
    stress case for matching by rare words).
    """
    if lexicon not in LEXICONS:
        raise ValueError(f"lexicon must be one of {LEXICONS}")
    rng = random.Random(f"recreg-synth:{seed}:{size}")
    writer = Writer(rng, lexicon)
    old = [writer.recommendation(f"rec-{k + 1:05d}") for k in range(size)]

    new = [r.copy() for r in old]
    order = list(range(size))
    deleted = set(rng.sample(order, round(size * SHARE_DELETED)))
    survivors = [k for k in order if k not in deleted]

    reworded = set(rng.sample(survivors, round(size * SHARE_REWORDED)))
    for k in sorted(reworded):
        rec = new[k]
        changed = False
        if rng.random() < 0.7:
            rec.statement = writer.reword(rec.statement, _edit_count(rng, _words(rec.statement)))
            changed = True
        for act in rec.actions:
            if rng.random() < 0.5 or (not changed and act is rec.actions[-1]):
                act.text = writer.reword(act.text, _edit_count(rng, _words(act.text)))
                act.halves = None  # its halves no longer match its text
                changed = True

    splittable = [k for k in survivors if any(a.halves for a in new[k].actions)]
    split_recs = rng.sample(splittable, min(len(splittable), round(size * SHARE_SPLIT)))
    splits: dict[str, tuple[str, str]] = {}  # old action id -> (first part id, second part id)
    for k in split_recs:
        rec = new[k]
        at = rng.choice([n for n, a in enumerate(rec.actions) if a.halves])
        act = rec.actions[at]
        first, second = act.halves
        rec.actions[at : at + 1] = [Act(act.id, first), Act(f"{act.id}-split", second)]
        splits[act.id] = (act.id, f"{act.id}-split")

    movable = [k for k in survivors if len(new[k].actions) >= 2]
    moved: dict[str, str] = {}  # action id -> id of the recommendation it moved to
    touched = set(split_recs)
    for k in rng.sample(movable, min(len(movable), round(size * SHARE_MOVED))):
        source = new[k]
        candidates = [
            a for a in source.actions if a.id not in splits and not a.id.endswith("-split") and a.id not in moved
        ]
        if len(source.actions) < 2 or not candidates:
            continue
        act = rng.choice(candidates)
        t = rng.choice([t for t in survivors if t != k])
        target = new[t]
        source.actions.remove(act)
        if rng.random() < 0.5:
            act.text = writer.reword(act.text, rng.randint(1, 3))
        target.actions.insert(rng.randint(0, len(target.actions)), act)
        moved[act.id] = target.id
        touched |= {k, t}

    mergeable = [k for k in survivors if k not in touched]
    chosen = rng.sample(mergeable, min(len(mergeable) // 2 * 2, 2 * round(size * SHARE_MERGED)))
    merged: dict[str, str] = {}  # recommendation id -> id of the one it merged into
    for k, into in zip(chosen[::2], chosen[1::2]):
        source, target = new[k], new[into]
        target.actions += [Act(f"{source.id}-statement", source.statement)] + source.actions
        merged[source.id] = target.id
    survivors = [k for k in survivors if new[k].id not in merged]

    shuffled = rng.sample(survivors, round(size * SHARE_SHUFFLED))
    slots = sorted(shuffled)
    permuted = list(shuffled)
    rng.shuffle(permuted)
    sequence = list(survivors)
    position = {k: n for n, k in enumerate(sequence)}
    for slot, k in zip(slots, permuted):
        sequence[position[slot]] = k
    new_recs = [new[k] for k in sequence]
    added_ids = []
    for n in range(round(size * SHARE_ADDED)):
        rec = writer.recommendation(f"rec-new-{n + 1:05d}")
        new_recs.insert(rng.randint(0, len(new_recs)), rec)
        added_ids.append(rec.id)

    truth = _truth(
        old,
        new_recs,
        splits,
        moved,
        merged,
        reworded={old[k].id for k in reworded},
        shuffled={old[k].id for k in shuffled},
        added_ids=added_ids,
    )
    truth.update({"size": size, "seed": seed, "lexicon": lexicon, "generator_version": GENERATOR_VERSION})
    return old, new_recs, truth


def _truth(
    old: list[Rec],
    new: list[Rec],
    splits: dict,
    moved: dict,
    merged: dict,
    reworded: set,
    shuffled: set,
    added_ids: list,
) -> dict:
    """Derive the ground truth from the stable ids (numbers and labels as written to the files)."""
    new_number = {r.id: n + 1 for n, r in enumerate(new)}
    old_number = {r.id: n + 1 for n, r in enumerate(old)}
    new_action = {a.id: f"R{new_number[r.id]}/{chr(ord('a') + k)}" for r in new for k, a in enumerate(r.actions)}
    recs = {str(old_number[r.id]): new_number.get(r.id) for r in old}
    actions = {}
    for r in old:
        for k, a in enumerate(r.actions):
            actions[f"R{old_number[r.id]}/{chr(ord('a') + k)}"] = new_action.get(a.id)
    old_action = {a.id: f"R{old_number[r.id]}/{chr(ord('a') + k)}" for r in old for k, a in enumerate(r.actions)}
    return {
        "recommendations": recs,
        "added": sorted(new_number[i] for i in added_ids),
        "deleted": sorted(old_number[r.id] for r in old if r.id not in new_number and r.id not in merged),
        "merges": {str(old_number[i]): new_number[into] for i, into in sorted(merged.items())},
        "renumbered": sorted(int(o) for o, n in recs.items() if n is not None and int(o) != n),
        "shuffled": sorted(old_number[i] for i in shuffled),
        "reworded": sorted(old_number[i] for i in reworded),
        "actions": actions,
        "splits": {old_action[i]: [new_action[p] for p in parts] for i, parts in sorted(splits.items())},
        "moves": {old_action[i]: new_action[i] for i in sorted(moved)},
    }


# --------------------------------------------------------------------------- YAML


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def edition_yaml(edition_id: str, recs: list[Rec], derives_from: str | None, size: int, seed: int, lexicon: str) -> str:
    """Write a synthetic edition as YAML."""
    return write_yaml(
        edition_id,
        recs,
        derives_from,
        comment=f"Synthetic edition written by benchmarks/synth.py (size {size}, seed {seed}, lexicon {lexicon}); not real recommendations.",
        title="SYNTHETIC RECOMMENDATIONS ON ICT AND INTELLECTUAL PROPERTY ADMINISTRATION",
        session="CWS/98" if derives_from is None else "CWS/99",
        source_file="synthetic.txt",
    )


def write_yaml(
    edition_id: str,
    recs: list[Rec],
    derives_from: str | None,
    comment: str,
    title: str,
    session: str,
    source_file: str,
    committee: str = "Committee on WIPO Standards (CWS)",
) -> str:
    """Write recommendations as an edition file (actions lettered a, b, ...; items i, ii, ...).

    Shared by the synthetic and the NIST benchmark. An action with an empty id gets none;
    a recommendation's ``source.at`` is its position, never anything that would name its
    counterpart in the other edition.
    """
    lines = [
        "# yaml-language-server: $schema=../../../schemas/edition.schema.json",
        f"# {comment}",
        f"id: {edition_id}",
        f"title: {_q(title)}",
        f"committee: {_q(committee)}",
        f"session: {session}",
        f"status: {'draft' if derives_from is None else 'adopted'}",
        f"derives_from: {derives_from or 'null'}",
        "source:",
        f"  file: {source_file}",
        "  at: Annex",
        "recommendations:",
    ]
    for n, rec in enumerate(recs, 1):
        lines += [f"  - id: {rec.id}", f"    number: {n}", f"    statement: {_q(rec.statement)}"]
        if rec.actions:
            lines.append("    actions:")
        for k, act in enumerate(rec.actions):
            lines += (
                [f"      - id: {act.id}", f"        label: {chr(ord('a') + k)}"]
                if act.id
                else [f"      - label: {chr(ord('a') + k)}"]
            )
            lines.append(f"        text: {_q(act.text)}")
            if act.items:
                lines.append("        items:")
                for i, item in enumerate(act.items):
                    lines += [f"          - label: {ROMAN[i]}", f"            text: {_q(item)}"]
        lines += ["    source:", f"      file: {source_file}", f"      at: {_q(f'Annex, Recommendation {n}')}"]
    return "\n".join(lines) + "\n"


def default_dir(size: int, seed: int, lexicon: str = "realistic") -> Path:
    return OUT / f"synth-{size}-s{seed}{'' if lexicon == 'realistic' else '-' + lexicon}"


def write_pair(
    size: int, seed: int = DEFAULT_SEED, folder: Path | None = None, force: bool = False, lexicon: str = "realistic"
) -> Path:
    """Write synth-old.yaml, synth-new.yaml and truth.json (reused when already current).

    Returns:
        The folder.
    """
    folder = folder or default_dir(size, seed, lexicon)
    truth_file = folder / "truth.json"
    if (
        not force
        and truth_file.exists()
        and (folder / "synth-old.yaml").exists()
        and (folder / "synth-new.yaml").exists()
    ):
        try:
            known = json.loads(truth_file.read_text())
            if (known["generator_version"], known.get("lexicon"), known["seed"], known["size"]) == (
                GENERATOR_VERSION,
                lexicon,
                seed,
                size,
            ):
                return folder
        except (ValueError, KeyError):
            pass
    old, new, truth = generate(size, seed, lexicon)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "synth-old.yaml").write_text(edition_yaml("synth-old", old, None, size, seed, lexicon), encoding="utf-8")
    (folder / "synth-new.yaml").write_text(
        edition_yaml("synth-new", new, "synth-old", size, seed, lexicon), encoding="utf-8"
    )
    truth_file.write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return folder


def check(folder: Path) -> list[str]:
    """Validate both files with recreg (schema and meaning checks); return error messages."""
    import os

    os.environ.setdefault("RECREG_NO_CACHE", "1")
    from recreg.edition.validate import check_file

    messages = []
    for name in ("synth-old.yaml", "synth-new.yaml"):
        _, problems, _ = check_file(folder / name)
        messages += [p.format() for p in problems if p.severity == "error"]
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="recommendations in the old edition")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--lexicon",
        choices=LEXICONS,
        default="realistic",
        help="realistic: vocabulary grows with size like real prose; narrow: ~600 words at any size (stress case)",
    )
    parser.add_argument("--out", type=Path, help="output folder (default benchmarks/out/synth-<size>-s<seed>[-narrow])")
    parser.add_argument("--force", action="store_true", help="regenerate even when current files exist")
    parser.add_argument("--check", action="store_true", help="validate the files with recreg afterwards")
    args = parser.parse_args(argv)
    folder = write_pair(args.size, args.seed, args.out, force=args.force, lexicon=args.lexicon)
    truth = json.loads((folder / "truth.json").read_text())
    sizes = {name: (folder / name).stat().st_size for name in ("synth-old.yaml", "synth-new.yaml")}
    print(
        f"{folder}: old {args.size} recs ({sizes['synth-old.yaml'] / 1e6:.2f} MB), "
        f"new {len(truth['recommendations']) - len(truth['deleted']) + len(truth['added'])} recs "
        f"({sizes['synth-new.yaml'] / 1e6:.2f} MB); deleted {len(truth['deleted'])}, added {len(truth['added'])}, "
        f"reworded {len(truth['reworded'])}, shuffled {len(truth['shuffled'])}, renumbered {len(truth['renumbered'])}, "
        f"splits {len(truth['splits'])}, moves {len(truth['moves'])}"
    )
    if args.check:
        problems = check(folder)
        for message in problems:
            print(message, file=sys.stderr)
        print("valid" if not problems else f"{len(problems)} error(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
