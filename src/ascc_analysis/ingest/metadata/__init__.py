"""Statement metadata: meeting body and number, date, venue, chair and format, read from a statement's text.

Part of the parse stage (raw file -> ``documents`` table). :func:`extract_metadata` reads the title block and the
opening paragraphs of one normalised statement and fills the metadata columns of the ``documents`` table
(:data:`ascc_analysis.schemas.DOCUMENTS`). A field that the text does not state is left ``None`` and reported in
:attr:`Metadata.missing`; nothing is guessed (no year -> chair fill-in). The source manifest
(:mod:`ascc_analysis.ingest.manifest`) may override the result afterwards.

The smaller parsers are public and pure: :func:`parse_date` (first date expression in a text),
:func:`parse_meeting_number` and :func:`parse_ordinal_words`.

The phrasings the reader goes by (meeting verbs, chair and venue phrasings, video-conference spellings, country and
city names) are drafting rules kept as data in ``resources/metadata.yaml`` (:func:`load_metadata_rules`).

Conventions:
    * Dates are intervals at a precision: "26 September 2024" is 2024-09-26..2024-09-26 at ``day`` precision,
      "25-26 March 2024" 2024-03-25..2024-03-26, "June 2016" 2016-06-01..2016-06-30 at ``month`` precision.
    * Countries are canonical ASEAN spellings (:data:`COUNTRY_VARIANTS`): "Lao PDR", "Viet Nam",
      "Brunei Darussalam", "Philippines", ...; ``chair`` is always a country.
    * ``meeting_name`` is ``"{ordinal} {registry name} Meeting"`` ("32nd ASEAN Socio-Cultural Community Council
      Meeting"); "Meeting" is not added to a name that already says "Meeting" or "Conference"; a Plus Three
      meeting's name says "Plus Three" after "ASEAN" ("7th ASEAN Plus Three Ministerial Meeting on ...").

Modules:
    * :mod:`~ascc_analysis.ingest.metadata.drafting` — the drafting rules of ``resources/metadata.yaml``, checked
      and compiled;
    * :mod:`~ascc_analysis.ingest.metadata.dates` — :func:`parse_date`;
    * :mod:`~ascc_analysis.ingest.metadata.ordinals` — meeting numbers in digits and words;
    * :mod:`~ascc_analysis.ingest.metadata.places` — countries, cities, venue and chair;
    * :mod:`~ascc_analysis.ingest.metadata.document` — :func:`classify_document`, the document's kind and
      completeness;
    * :mod:`~ascc_analysis.ingest.metadata.extract` — :func:`extract_metadata` and :func:`format_meeting_name`.
"""

from __future__ import annotations

from ascc_analysis.ingest.metadata.dates import DatePrecision, DateSpan, parse_date
from ascc_analysis.ingest.metadata.document import COMPLETENESS, DOCUMENT_KINDS, OUTCOME_KINDS, classify_document
from ascc_analysis.ingest.metadata.drafting import (
    CITY_VARIANTS,
    COUNTRY_VARIANTS,
    METADATA_KEYS,
    PLUS_THREE_IN_NAME,
    MetadataRules,
    load_metadata_rules,
)
from ascc_analysis.ingest.metadata.extract import Meeting, Metadata, extract_metadata, format_meeting_name
from ascc_analysis.ingest.metadata.ordinals import ordinal, parse_meeting_number, parse_ordinal_words
from ascc_analysis.ingest.metadata.places import canonical_city, canonical_country

__all__ = [
    "CITY_VARIANTS",
    "COMPLETENESS",
    "COUNTRY_VARIANTS",
    "DOCUMENT_KINDS",
    "METADATA_KEYS",
    "OUTCOME_KINDS",
    "PLUS_THREE_IN_NAME",
    "DatePrecision",
    "DateSpan",
    "Meeting",
    "Metadata",
    "MetadataRules",
    "canonical_city",
    "canonical_country",
    "classify_document",
    "extract_metadata",
    "format_meeting_name",
    "load_metadata_rules",
    "ordinal",
    "parse_date",
    "parse_meeting_number",
    "parse_ordinal_words",
]
