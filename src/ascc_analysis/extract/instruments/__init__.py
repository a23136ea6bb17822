"""Extraction stage: paragraphs → instrument mentions, canonical instruments and their bodies.

Reads the ``paragraphs`` and ``documents`` tables (and ``body_mentions`` with the bodies registry for attribution)
and returns the tables ``instrument_mentions``, ``instruments`` and ``instrument_bodies``
(:data:`~ascc_analysis.schemas.INSTRUMENT_MENTIONS`, :data:`~ascc_analysis.schemas.INSTRUMENTS`,
:data:`~ascc_analysis.schemas.INSTRUMENT_BODIES`). The rules follow ``tests/gold/GUIDELINES.md``; the words they
read (head words and types, function and stop words, status phrases, sector words, confidences) live in the
package resource ``resources/instruments.yaml`` (:func:`load_instrument_rules`), and the words of title keys and ids
(stop words, spelling variants) in ``resources/title_keys.yaml``.

**Titles** (:func:`find_titles`) grow from a capitalised head word ("Declaration", "Plan of Action", "Work Plan",
...; a run of heads such as "Scoping Study Report" takes the type of the last one, and so does a head coordinated
with a noun before the last head, "Vision and Mission Statement", when the noun opens no title of its own: not a
place, an acronym, an ordinal, a ``draft_words`` or ``generic_modifiers`` word; a head before a ``building_words``
word names a building, "the International Convention Centre", and opens no title):

* *Left*: capitalised words, numbers, possessives and bracketed acronyms ("ASEAN Leaders' Declaration",
  "ASEAN-SEAMEO Joint Declaration", "ASEAN Socio-Cultural Community (ASCC) Blueprint"; a bracket takes in the words
  it abbreviates: "Senior Officials Committee on Sports Development (SOCSD) Work Plan"), "and" between two
  capitalised words ("Preparedness and Response Framework") and ``left_function_words`` ("ASEAN State of Climate
  Change Report"; not after a status phrase such as "Review of", nor before an acronym), and any other lowercase
  function words between plain capitalised words when the run opens a list item, after a comma, semicolon, colon,
  list mark or label, "and", "or" or "the" (", Bohol Trafficking in Persons (TIP) Work Plan"); never "the", an ALL-CAPS
  preamble verb, nor a bare one- or two-digit number (a paragraph number glued before the title: "Key Outcomes 4
  ASEAN Guidelines ..."; but a meeting's number between an acronym and the head is taken: "the AMMS 8 Joint
  Statement"), nor a sentence-initial gerund ("Turning Vision into ..." is no title). A phrase after
  "its"/"their" is anaphoric. A year written before the name is left out ("the 2016 Vientiane Declaration"), except
  before ``year_named_heads`` ("the 2030 Agenda ..."), and so are ``draft_words`` ("the Draft ASEAN Declaration").
  A lowercase "post"/"pre" between a capitalised word and the year is crossed ("ASEAN post 2015 Health Agenda").
* *Right*: numbers and bracketed acronyms, years and editions straight after the head ("Roadmap 2025-2030",
  "Outlook (2nd edition)"), then complements: function words (``function_words``) followed by capitalised
  words, numbers and brackets ("on Disaster Management", "to Operationalize the ASEAN Leaders' Declaration (ALD)
  on ..."), "by" only before a number ("by 2030"), subtitles after ":" or a spaced dash, or after the year when the
  colon was left out ("Masterplan 2025 Mainstreaming ..."; a head word in a subtitle only after "A"/"An": "Roadmap:
  An ASEAN Digital Transformation Agenda to ..."); not a sentence after a list item's title ("X: The
  Ministers reaffirmed ..."), nor a paragraph number glued to the next sentence ("X 3 The ..."), nor a complement
  ending in a possessive before a lowercase word ("... for the Leaders' adoption"). A first complement in
  sentence case that names another title after a ``nesting_words`` word ("Statement on the development of the ASEAN
  Community's Post-2025 Vision": one or two lowercase nouns, "of", a title) nests it. A lowercase word ends
  the title ("which", "that", "comprising", "for notation", "was adopted"), unless it is an adjective or an
  ``inner_words`` entry before a capitalised word ("the wider Social Service Workforce"). A date or bare year
  after a preposition ("in 2025", "on 23-24 September 2024") is left out, and so is a venue, a known city or
  country (the metadata rules' lists) after a ``venue_prepositions`` word ("... Haze Pollution in Bangkok,
  Thailand"), and a last "to ..." before "for adoption"/"for notation" (where the document is sent). A year that ends
  a complement closes the title ("... Work Plan on Sports 2016-2020 in Myanmar last May"; a subtitle or bracket may
  still follow, and a year straight after the head keeps its complement: "Roadmap 2025-2030 on ..."; a date after a
  name that ends with its years is left out: "Work Programme (2022-2024) to 2025"), and an issuer
  after ``issuer_prepositions`` (``issuer_words`` or a known country: "... from ASEAN Chair Viet Nam") is left out.
  The title's own acronym in brackets closes a complement: only a subtitle or a ``nesting_words`` complement goes on
  after it ("... with Disabilities (CRPD) through the Mid-Term Review of ..." ends at the acronym; "... (ADR) on
  Youth" goes on), and so does an alias acronym after "or" that abbreviates the title ("ASEAN Plan of Action on
  Science, Technology and Innovation or APASTI": recorded as the title's acronym, left out of the span).
* *Coordination* continues a title only inside a complement and only when the next part reads as part of the same name:
  no head word in it ("... and ASEAN Joint Statement on ..." starts a new title, and so do coordinated words that a
  nested head follows: "... and the ASEAN State of Education Report", or two words or more after "and the" with an "of"
  complement of their own: "... and the International Bill of Human Rights"), no possessive at its end (one that
  capitalised words follow stays: "and Women's Leadership"), not "and its"/", the"/", and the"/", as well as", and no
  infinitive after it (but one plain capitalised word after a bare "and" is the second noun of a pair inside the name:
  "on Culture and Arts to promote ..."), nor after the title's own acronym in brackets (", ... Climate Change (UNFCCC)
  and the 3rd Meeting of ..." ends at the acronym); a comma list ("Equity, Access and Environment") must be closed by
  "and"/"or", or by the end of a text cut inside it; ", including the ..." is taken. After a function word that is not
  in ``nesting_words`` ("with the ASEAN Blueprint ...") a head word starts a new title; after one that is, the inner
  title is nested and only the outermost is returned.
* *Trailing "(XYZ)"*: the acronym of the whole title (initials read tolerantly: ABCD for "ASEAN Blueprint for
  Community Disaster Resilience", and more loosely when that fails: "ASPEN" for "ASEAN Strategic Plan on
  Environment") is left out of the span and recorded; the acronym of a trailing part of the title stays in it ("...
  Emerging Diseases (ACPHEED)"), and so does a bracket naming a numbered session ("... (UNFCCC COP26)"); an acronym
  of a capitalised name around the title ("ASEAN Committee on the Implementation of the <title> (ACMW)") is left out
  and not recorded. A bracket that only the year follows stays in the span and gives the acronym when it is the
  title's own ("ASEAN Strategic Plan on Environment (ASPEN) 2025").
* A title inside a quotation that is a name (capitalised words, numbers and function words only, no sentence end)
  spans the whole quotation, and titles found earlier inside it are part of it ('the "Reopen, Recover, and
  Resilience in Education: Guidelines for ASEAN Countries" initiative'); a trailing acronym stays out of the span.
  Such a quotation after a nesting word is the title's complement, commas and all ('ASEAN Declaration on "One
  Region, One Voice"').
* A lone head ("the Declaration", "the Joint Statement") is no title, nor is a head with only ``generic_modifiers``
  before it and no complement ("Key Agreements", "Provisional Agenda"), nor a ``modifier_heads`` head with no word
  before it ("the Agenda of the Meeting"), nor a title inside a quoted theme (``theme_words``) or an unquoted one
  that runs in capitalised and function words from a theme word ("this year's theme of Turning Vision into Reality
  for a Dynamic ASEAN Community"); an acronym that an instrument defines, used alone ("the ABCD"), is a title of
  its own with that instrument's type, and a year range right after it is in its span ("the ABCD 2021-2025").
* A statement "of" a meeting (``meeting_words``) that opens a block and is followed only by brackets, a date or a
  new sentence glued to it is the document's own heading, not an instrument it names ("Joint Statement of the
  Seventh ... Ministerial Meeting on ... (7th AMMSWD+3) The Seventh ... Meeting was convened ...").
* A document heading at the start of a block, glued to its preamble, runs up to the preamble (``preamble_openers``
  "WE," or an ALL-CAPS verb), also in sentence case ("ASEAN Declaration on the role of ... WE, the Heads ...").

**Status**: the last governing phrase (``status_phrases``) before a title in its sentence decides when only a
filler separates them ("the", "today the", "the ASEAN Leaders of the", "the following: a."); a phrase mapping to
``referred`` ("the progress of", "implementing") blocks the ones before it. A status carries over a coordinated
list of titles (commas, "and", list labels and ``list_marks``, a participial aside ", adopted by the ASED,", quotes
and a bracketed aside "(1st AMMDM Plus ROK)") until another phrase takes over; a phrase whose object announces a list
(``list_objects``: "endorsed the following documents for ...") governs the titles after the list's ":", first mark or
``list_openers`` word ("31 documents including the X"), and the titles of the next sentence when it opens with
``list_continuations`` ("Two outcome documents for adoption are the X", "These outcome documents aim to ...: a. X"); a
status verb inside such a subject governs the sentence's titles itself ("The documents adopted during the meeting are
X, Y and Z"). Of two coordinated verbs the first gives the status ("endorsed and noted 31 documents": endorsed),
and so of two coordinated nouns ("the endorsement and launch of X, Y and Z").
The words of an announcement before its list opens may name a title, which it governs too ("adopted 6 documents and
Community Declaration for submission to the 35th ASEAN Summit, including: (1) X"); in a labelled list an item takes
the status of the item labelled before it in the sentence, past the titles and words of that item's description
("(1) X to be launched at the Conference of the Y; (2) Z"), and in a ";" list so does every item that opens with
"the" or a capital, past descriptions and untitled items ("the adoption of the X on the use of ...; the ASEAN river
plan; the Y"); a list with a status carries it over untitled items that open with "the" after a comma or
semicolon, also ones whose last words name the title ("the endorsement of the X, the Monitoring System of the Y").
Otherwise a phrase right after the title (or after its list) decides (``post_phrases``: "for notation", "was
adopted", ", adopted during the 27th ASEAN Summit", "X and Y, both adopted by ..."); otherwise ``referred``. A
bare "the adoption of X" (notation, signing) reports what happened ("The adoption of X set the tone of the
meeting", "with the signing of X"); an ``expectation_cues`` word in its sentence ("looked forward to", "will",
"towards the adoption of") makes it expected (the phrase's ``expected`` status).

**Canonical ids** (:func:`canonicalise_instruments`, :func:`title_key`, :func:`instrument_id`): see
:func:`canonicalise_instruments` for the merge rules and guard rails. ``instrument_id`` is
``<type>-<up to six content words>-<8 hex digits of a hash of the type and the canonical title's key>``.

**Attribution** (:func:`attribute_instruments`): bodies named inside the title or in its sentence are
``explicit``; for mentions with no explicit sectoral body, bodies whose registry sectors match sector words of the
title (weighing more) and of the paragraph are ``inferred``, with lower confidence and the words as evidence.

The package, in pipeline order:

* :mod:`~ascc_analysis.extract.instruments.rules`: the rules file (:class:`InstrumentRules`,
  :func:`load_instrument_rules`, :data:`INSTRUMENT_TYPES`, :data:`STATUSES`).
* :mod:`~ascc_analysis.extract.instruments.matcher`: the rules compiled into regular expressions.
* :mod:`~ascc_analysis.extract.instruments.tokens`: word shapes: tokens, brackets, acronyms and initials, sentences.
* :mod:`~ascc_analysis.extract.instruments.titles`: the title scanner and bare acronyms (**Titles** above).
* :mod:`~ascc_analysis.extract.instruments.status`: governing phrases → status (**Status** above).
* :mod:`~ascc_analysis.extract.instruments.mentions`: :func:`find_titles` in one text and
  :func:`extract_instrument_mentions` over the ``paragraphs`` table.
* :mod:`~ascc_analysis.extract.instruments.keys`: :func:`title_key` and :func:`instrument_id`
  (``resources/title_keys.yaml``).
* :mod:`~ascc_analysis.extract.instruments.canonical`: :func:`canonicalise_instruments` and its merge guards.
* :mod:`~ascc_analysis.extract.instruments.attribution`: :func:`attribute_instruments`.
"""

from __future__ import annotations

from ascc_analysis.extract.instruments.attribution import attribute_instruments
from ascc_analysis.extract.instruments.canonical import canonicalise_instruments
from ascc_analysis.extract.instruments.keys import instrument_id, title_key
from ascc_analysis.extract.instruments.mentions import TitleSpan, extract_instrument_mentions, find_titles
from ascc_analysis.extract.instruments.rules import (
    INSTRUMENT_TYPES,
    STATUSES,
    InstrumentRules,
    InstrumentRulesError,
    InstrumentType,
    Status,
    default_rules_path,
    load_instrument_rules,
)

__all__ = [
    "INSTRUMENT_TYPES",
    "STATUSES",
    "InstrumentRules",
    "InstrumentRulesError",
    "InstrumentType",
    "Status",
    "TitleSpan",
    "attribute_instruments",
    "canonicalise_instruments",
    "default_rules_path",
    "extract_instrument_mentions",
    "find_titles",
    "instrument_id",
    "load_instrument_rules",
    "title_key",
]
