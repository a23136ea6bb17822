"""The generator's synthetic text: sentence templates, list verbs, instrument heads, mention phrasings, title words.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). Every sentence of a planted statement
is built from these pieces, which are our own synthetic wording in ASEAN drafting style (no ASEAN text is copied).
They stay in Python rather than in a YAML resource: they are a test fixture, not drafting rules of real statements
that a researcher would extend; the generator depends on their exact shape (``_SHIFT_SENTENCE`` is one of the
two-slot templates, ``_MENTION_FORMS`` must read as the instrument extractor's statuses, the priority paragraph is
parsed back by a regular expression); and an edit would change every planted corpus and the thresholds
calibrated on them. Also ``_ordinal_title`` ("THIRTY-SECOND") and ``_title_case``.
"""

from __future__ import annotations

from ascc_analysis.ingest.metadata import ordinal

_MEMBER_STATES: tuple[tuple[str, str], ...] = (
    ("Brunei Darussalam", "Bandar Seri Begawan"),
    ("Cambodia", "Phnom Penh"),
    ("Indonesia", "Jakarta"),
    ("Lao PDR", "Vientiane"),
    ("Malaysia", "Kuala Lumpur"),
    ("Myanmar", "Nay Pyi Taw"),
    ("Philippines", "Manila"),
    ("Singapore", "Singapore"),
    ("Thailand", "Bangkok"),
    ("Viet Nam", "Ha Noi"),
)
"""Chair country and meeting city. The chair of a year is the real one where ``resources/chairmanships.csv`` lists
the year, else ``_MEMBER_STATES[year % 10]``; the chair hosts every meeting of its year in its capital."""

_TEMPLATES: dict[int, tuple[str, ...]] = {
    1: (
        "The Meeting recognised the role of {} in the region.",
        "The Meeting noted the progress made on {}.",
        "The Meeting encouraged further work on {}.",
    ),
    2: (
        "The Meeting underlined the importance of {} for {}.",
        "The Meeting commended the efforts to address {} through {}.",
        "The Meeting welcomed the work on {} and {} across the region.",
        "The Meeting recognised the links between {} and {}.",
    ),
    3: (
        "The Meeting noted the progress made on {}, {} and {}.",
        "The Meeting encouraged Member States to strengthen {} and to promote {} and {}.",
        "The Meeting called for closer coordination on {} and {}, including {}.",
    ),
    4: (
        "The Meeting welcomed the work on {}, {} and {}, and encouraged Member States to share experience on {}.",
        "The Meeting expressed appreciation for the contributions of {} and {} to {} and {}.",
    ),
}
_LIST_LEAD = "The Meeting encouraged Member States to:"
_LIST_VERBS = ("strengthen", "promote", "support", "enhance", "expand", "improve")
_SHIFT_SENTENCE = "The Meeting welcomed the work on {} and {} across the region."  # a topical template
_PRIORITY_VERBS = ("strengthening", "promoting", "enhancing")
_THEME_WORDS = ("Resilient", "Inclusive", "Sustainable", "Cohesive", "Responsive", "Dynamic", "Prosperous", "Connected")
_HEADS: tuple[tuple[str, str], ...] = (
    ("Declaration", "declaration"),
    ("Framework", "framework"),
    ("Work Plan", "work_plan"),
    ("Roadmap", "roadmap"),
    ("Plan of Action", "plan_of_action"),
    ("Guidelines", "guidelines"),
    ("Strategy", "strategy"),
)
_MENTION_FORMS: dict[str, tuple[str, str]] = {
    # status -> (words before the title, words after it when bodies are named, before "the <body>, ...")
    "adoption_expected": ("The Meeting looked forward to the adoption of the ", ", developed by "),
    "adopted": ("The Meeting welcomed the adoption of the ", ", developed by "),
    "referred": ("The Meeting noted the progress in implementing the ", ", led by "),
    "noted": ("The Meeting took note of the ", ", submitted by "),
}
_WORD_ORDINALS = (
    "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH", "ELEVENTH",
    "TWELFTH", "THIRTEENTH", "FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH",
)  # fmt: skip
_MEETING_TITLE = "ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_TENS = ("TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")


def _ordinal_title(number: int) -> str:
    """The meeting number in a title: "FIFTH", "THIRTY-SECOND" up to 99, then "123RD"."""
    if number < 20:
        return _WORD_ORDINALS[number - 1]
    if number < 100:
        tens, unit = divmod(number, 10)
        if unit == 0:
            return _TENS[tens - 2][:-1] + "IETH"
        return f"{_TENS[tens - 2]}-{_WORD_ORDINALS[unit - 1]}"
    return ordinal(number).upper()


def _title_case(term: str) -> str:
    return " ".join(word[0].upper() + word[1:] for word in term.split())
