"""Instrument extraction: the title scanner.

Reads one text and the compiled rules (:mod:`~ascc_analysis.extract.instruments.matcher`) and returns the outermost
instrument titles in it (``_Found``: offsets, the instrument's acronym, the type of the head word), grown from head
words leftwards and rightwards by the **Titles** rules of :mod:`ascc_analysis.extract.instruments`; and the bare uses
of known acronyms ("the ABCD"). Statuses are decided afterwards (:mod:`~ascc_analysis.extract.instruments.status`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ascc_analysis.extract.instruments.matcher import _fold_space, _Matcher
from ascc_analysis.extract.instruments.places import _is_place
from ascc_analysis.extract.instruments.tokens import (
    _HYPHENS,
    _SPACE_RE,
    _WORD_RE,
    _bracket_kind,
    _initial_words,
    _initials_match,
    _initials_skips,
    _is_cap,
    _is_number,
    _Token,
    _token_at,
    _token_before,
)

_HEAD_JOINT_RE = re.compile(r" (?:and )?")
_PAIRED_NOUN_RE = re.compile(r" and (?P<noun>[A-Z][a-z]+) ")  # "Vision and Mission Statement"
_ORDINAL_RE = re.compile(r"First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth")
_ALLCAPS_VERB_RE = re.compile(r"[A-Z]{3,}(?:ING|ED)")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d(?:[-‐‑–/](?:\d\d){1,2})?")
_YEAR_PREFIXES = frozenset({"post", "pre"})  # lowercase words that a year of a name may follow ("ASEAN post 2015 ...")
_ACRONYM_YEARS_RE = re.compile(r" (?:1[89]|20)\d\d[-‐‑–](?:\d\d){1,2}(?![\w‐‑–-])")  # "APAST 2007-2011"
_DETERMINERS = frozenset({"the", "a", "an"})
_INDEFINITE_ARTICLES = frozenset({"A", "An"})
_HEADING_MAX_WORDS = 40
_BRACKET_AFTER_WORD_RE = re.compile(r"(?<=\w)(?P<bracket>\s*\([A-Z][A-Za-z0-9&+-]{1,11}\))(?P<space>\s+)(?=[A-Z])")
_AND_GAP_RE = re.compile(r"\s+and\s+")
# Those a document is submitted to, besides meetings: "to the ASEAN Leaders", "to the Ministers", "to the ASEAN
# Secretariat"; an acronym other than ASEAN ("to the SOMSWD") names a body too.
_MEETING_PEOPLE = frozenset({"Leaders", "Leaders'", "Ministers", "Heads", "Secretariat"})
_PARAGRAPH_NUMBER_RE = re.compile(r"\d{1,2}")
_THEME_UNQUOTED_WORDS = 16  # how far back an unquoted theme's first word may be
_THEME_REACH, _THEME_WORDS = 60, 5  # 'the theme of ASEAN 2026, "..."': the theme word among the last words
_EXPANSION_MAX_WORDS = 14
_QUOTED_NAME_MAX_WORDS = 30
_ABBREVIATION_MAX_LETTERS = 10  # bounds the search of _abbreviates
_RUN_SEPARATORS = frozenset({",", ";", ":", "("})
_LIST_LABEL_RE = re.compile(r"(?:^|\s)(?:[a-z]|[ivx]{1,4}|\d{1,2})\.$")
# an instrument's number after its head: "ILO Convention No. 189 concerning ...", "Resolution No. 70/1"
_NUMBER_SIGN_RE = re.compile(r"No\.?[ \t]*\d+(?:/\d+)?(?![\w/])")
_ALIAS_RE = re.compile(r"\s+or\s+(?P<acronym>[A-Z][A-Z&]{2,11})(?![\w-])")  # "... and Innovation or APASTI"
_NUMBERED_RE = re.compile(r"[A-Za-z]+[-‐‑–]?\d+[A-Za-z]*")  # "COP26", "COP-29", "SDG3"
# An edition's acronym: the initials of the words after the title's ordinal, then its number ("Fourth Assessment
# Report (AR4)", "Second National Communication (NC2)").
_EDITION_ACRONYM_RE = re.compile(r"(?P<letters>[A-Z]{2,6})[-‐‑–]?(?P<no>\d{1,2})")
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal_value(word: str) -> int | None:
    """The number an ordinal word gives ("Fourth" gives 4), or None."""
    return _ORDINAL_WORDS.index(word.lower()) + 1 if word.lower() in _ORDINAL_WORDS else None


def _is_edition_acronym(content: str, words: Sequence[str]) -> bool:
    """Whether a bracket's ``content`` is the acronym of an edition the title names by its ordinal: its letters are
    the initials of the words after the ordinal and its number is the ordinal's ("Fourth Assessment Report (AR4)";
    not "Fourth Assessment Report (AR5)", "Assessment Report (AR4)")."""
    edition = _EDITION_ACRONYM_RE.fullmatch(content)
    if edition is None:
        return False
    for position, word in enumerate(words[:-1]):
        if _ordinal_value(word) == int(edition.group("no")):
            rest = words[position + 1 :]
            skips = _initials_skips(edition.group("letters"), rest)
            return skips == 0 and len(rest) == len(edition.group("letters"))
    return False


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    consumed_end: int
    acronym: str | None
    instrument_type: str


class _TitleScanner:
    """Finds the titles of one text; see the package docstring (**Titles**) for the rules."""

    def __init__(self, text: str, matcher: _Matcher) -> None:
        self.text = text
        self.m = matcher
        self.rules = matcher.rules

    # --- head words ----------------------------------------------------------------------------------------

    def head_at(self, pos: int) -> tuple[int, str] | None:
        """A head word, or a run of them ("Scoping Study Report", "Framework and Plan of Action") at ``pos``: its
        end and the last head's type. A head and a noun coordinated with it before the last head make one run
        ("Vision and Mission Statement": a statement), when that noun does not open a title of its own."""
        match = self.m.head_re.match(self.text, pos)
        if match is None:
            return None
        end = match.end()
        kind = self.m.head_types[_fold_space(match.group(0))]
        while True:  # "Study Report", "Regional Framework and Plan of Action", "Vision and Mission Statement"
            joint = _HEAD_JOINT_RE.match(self.text, end)
            follow = self.m.head_re.match(self.text, joint.end()) if joint else None
            if follow is None:
                follow = self.paired_head(end)
            if follow is None:
                return end, kind
            end = follow.end()
            kind = self.m.head_types[_fold_space(follow.group(0))]

    def paired_head(self, pos: int) -> re.Match[str] | None:
        """The head after " and <Noun> " at ``pos`` when the noun is coordinated with the head before it ("ASEAN
        Labour Ministers Vision and Mission Statement"), not the first word of a new title: one plain capitalised
        word that is no place, possessive, ordinal, ``draft_words`` or ``generic_modifiers`` word (not "and the
        ...", "and ASEAN ...", "and Cebu Declaration", "and Second Joint Statement")."""
        pair = _PAIRED_NOUN_RE.match(self.text, pos)
        if pair is None:
            return None
        noun = pair.group("noun")
        if (
            not _plain_cap(noun)
            or _is_place(noun)
            or _ORDINAL_RE.fullmatch(noun)
            or noun in self.rules.draft_words | self.rules.generic_modifiers
            or noun.lower() in self.m.function_lower
            or self.m.head_re.match(self.text, pair.start("noun"))
        ):
            return None
        return self.m.head_re.match(self.text, pair.end())

    def heads_in(self, start: int, end: int) -> bool:
        """Whether a head word starts in ``[start, end)``."""
        return self.m.head_re.search(self.text, start, len(self.text)) is not None and any(
            match.start() < end for match in self.m.head_re.finditer(self.text, start, len(self.text))
        )

    # --- left ---------------------------------------------------------------------------------------------------

    def extend_left(self, head_start: int, floor: int) -> int | None:
        """The first character of the title whose head starts at ``head_start``; ``None`` if it is no title."""
        start = head_start
        while True:
            token = _token_before(self.text, start)
            if token.kind == "punct" and token.value == ")":
                bracket = self.bracket_before(token.end, floor)  # "ASEAN Socio-Cultural Community (ASCC) Blueprint"
                if bracket is None:
                    break
                start = bracket
                continue
            if token.kind != "word" or token.start < floor or self.text[token.end : start].strip():
                break
            word = token.value
            if word.lower() in self.m.conjunctions and word.islower():
                crossed = self.cross_conjunction(token, start, floor)
                if crossed is None:
                    break
                start = crossed
                continue
            if word in self.rules.left_function_words:
                crossed = self.cross_function_word(token, start, floor)
                if crossed is None:
                    break
                start = crossed
                continue
            if word.islower() and word in self.m.function_lower and word not in _DETERMINERS:
                crossed = self.cross_listed_run(token, start, floor)
                if crossed is None:
                    break
                start = crossed
                continue
            if word in _YEAR_PREFIXES and self.prefixed_year(token, start, floor):
                start = token.start  # "ASEAN post 2015 Health Development Agenda": "post" and its year are in the name
                continue
            if not (_is_cap(word) or _is_number(word)) or word.lower() == "the" or _ALLCAPS_VERB_RE.fullmatch(word):
                break
            if _PARAGRAPH_NUMBER_RE.fullmatch(word) and not (
                start == head_start and _numbered_body(_token_before(self.text, token.start))
            ):
                # a paragraph number glued before the title: "Key Outcomes 4 ASEAN Guidelines on ..."; not a
                # meeting's number right before the head ("the AMMS 8 Joint Statement")
                break
            if self.sentence_start(token.start) and _verb_like(word):
                return None
            if self.sentence_start(token.start) and word.lower() in self.m.function_lower and word.istitle():
                break  # "For Small Grants Programme associated with ...": the sentence's preposition, not the name's
            start = token.start
        before = _token_before(self.text, start)
        if before.kind == "word" and before.value.lower() in self.rules.anaphoric_words:
            return None
        return self.after_leading_year(start, head_start)

    def prefixed_year(self, prefix: _Token, start: int, floor: int) -> bool:
        """Whether a lowercase ``prefix`` ("post") stands between a capitalised word of the name and the year that
        opens the title so far (at ``start``)."""
        year = _token_at(self.text, start)
        left = _token_before(self.text, prefix.start)
        return (
            year.kind == "word"
            and _YEAR_RE.fullmatch(year.value) is not None
            and left.kind == "word"
            and left.start >= floor
            and not self.text[left.end : prefix.start].strip()
            and _is_cap(left.value)
            and left.value.lower() not in self.m.function_lower
        )

    def after_leading_year(self, start: int, head_start: int) -> int:
        """Leave out a year written before the name ("the 2016 Vientiane Declaration"), unless the head is one that a
        year names (``year_named_heads``: "the 2030 Agenda"), and ``draft_words`` ("the Draft ASEAN Declaration")."""
        first = _token_at(self.text, start)
        if first.kind == "word" and first.value in self.rules.draft_words and first.end < head_start:
            return self.after_leading_year(_token_at(self.text, first.end).start, head_start)  # "Draft ASEAN ..."
        if first.kind != "word" or not _YEAR_RE.fullmatch(first.value) or first.end > head_start:
            return start
        head = self.m.head_re.match(self.text, head_start)
        if head is not None and _fold_space(head.group(0)) in self.rules.year_named_heads:
            return start
        return _token_at(self.text, first.end).start

    def cross_function_word(self, function: _Token, start: int, floor: int) -> int | None:
        """Cross a ``left_function_words`` word leftwards between capitalised words ("ASEAN State of Climate Change
        Report"); not after a status phrase ("Review of") nor before an acronym ("of ASEAN ...": a title of its own)."""
        left = _token_before(self.text, function.start)
        right = _token_at(self.text, start)
        if left.kind != "word" or left.start < floor or right.kind != "word":
            return None
        if not (_plain_cap(left.value) and _plain_cap(right.value)) or left.value.lower() in self.m.function_lower:
            return None
        if left.value.endswith(("'s", "'")) or self.sentence_start(left.start):
            return None
        if any(
            (match := regex.match(self.text, left.start)) is not None and match.end() >= function.end
            for regex, _status in self.m.phrase_res
        ):
            return None
        return left.start

    def cross_listed_run(self, function: _Token, start: int, floor: int) -> int | None:
        """Cross lowercase function words leftwards inside a run of capitalised words that opens a list item: the run
        ("Bohol Trafficking in Persons (TIP) Work Plan") starts with a capitalised word right after a list separator
        (a comma, semicolon, colon, list mark or label, "and", "or", "the"), and every function word in it stands
        between two capitalised words that are not acronyms. The first word of the run, else ``None``."""
        right = _token_at(self.text, start)
        if right.kind != "word" or not _plain_cap(right.value):
            return None
        cursor, run_start, after_function = function.start, None, True
        while True:
            token = _token_before(self.text, cursor)
            if token.kind == "word" and token.start >= floor:
                word, lower = token.value, token.value.lower()
                if lower in _DETERMINERS or (word.islower() and lower in self.m.conjunctions):
                    break  # "the", "and", "or": the run opens a list item
                if word.islower() and lower in self.m.function_lower:
                    if after_function or not self.crossable(token):
                        return None
                    cursor, after_function = token.start, True
                    continue
                if not _is_cap(word) or lower in self.m.function_lower or word.endswith(("'s", "'")):
                    return None
                if after_function and not _plain_cap(word):
                    return None  # an acronym before a function word: "of ASEAN ..." is a title of its own
                cursor, run_start, after_function = token.start, token.start, False
                if self.sentence_start(token.start):
                    return run_start if self.list_start(token.start) and not _verb_like(word) else None
                continue
            separators = _RUN_SEPARATORS | self.rules.list_marks
            if token.kind == "punct" and token.start >= floor and token.value in separators:
                break
            return None
        return None if after_function or run_start is None else run_start

    def crossable(self, function: _Token) -> bool:
        """Whether a function word inside a listed run stands between two plain capitalised words and opens no
        governing phrase ("Review of ...")."""
        left = _token_before(self.text, function.start)
        if left.kind != "word" or not _plain_cap(left.value):
            return False
        return not any(
            (match := regex.match(self.text, left.start)) is not None and match.end() >= function.end
            for regex, _status in self.m.phrase_res
        )

    def list_start(self, pos: int) -> bool:
        """Whether ``pos`` opens a list item: after ";", ":", an opening quote or bracket, or a label ("a.", "2.")."""
        before = self.text[:pos].rstrip()
        if not before:
            return False
        if before[-1] in ";:(\"'":
            return True
        return before[-1] == "." and _LIST_LABEL_RE.search(before) is not None

    def bracket_before(self, end: int, floor: int) -> int | None:
        """The start of an acronym bracket ending at ``end`` and following a capitalised word, else ``None``; the
        start of the words it abbreviates when they reach further left ("Senior Officials Meeting on Rural
        Development (SOMRD) Work Plan")."""
        opening = self.text.rfind("(", floor, end)
        if opening < 0:
            return None
        content = self.text[opening + 1 : end - 1].strip()
        if _bracket_kind(content) != "acronym":
            return None
        word = _token_before(self.text, opening)
        if word.kind != "word" or word.start < floor or not _is_cap(word.value) or word.value.lower() == "the":
            return None
        return self.expansion_start(content, opening, floor) or opening

    def expansion_start(self, acronym: str, opening: int, floor: int) -> int | None:
        """The first word of the words before ``opening`` whose initials ``acronym`` reads, when it is capitalised."""
        words = list(_WORD_RE.finditer(self.text, floor, opening))[-_EXPANSION_MAX_WORDS:]
        letters = sum(c.isupper() for c in acronym)
        for first in range(len(words) - 1, -1, -1):
            candidate = words[first:]
            if not _is_cap(candidate[0].group(0)) or self.text[candidate[0].start() : opening].count("("):
                continue
            initials = _initial_words(" ".join(m.group(0) for m in candidate), self.m.function_lower)
            if len(initials) >= letters - 1 and _initials_match(acronym, initials):
                return candidate[0].start()
        return None

    def cross_conjunction(self, conj: _Token, start: int, floor: int) -> int | None:
        """Cross "and" leftwards between two capitalised words ("Preparedness and Response Framework")."""
        left = _token_before(self.text, conj.start)
        right = _token_at(self.text, start)
        if left.kind != "word" or left.start < floor or right.kind != "word":
            return None
        if not (_plain_cap(left.value) and _plain_cap(right.value)):
            return None
        if left.value.lower() in self.m.function_lower or left.value.endswith(("'s", "'")):
            return None
        return left.start

    def sentence_start(self, pos: int) -> bool:
        before = self.text[:pos].rstrip()
        return not before or before[-1] in ".;:!?\"'("

    # --- right --------------------------------------------------------------------------------------------------

    def month_follows(self, pos: int) -> bool:
        token = _token_at(self.text, pos)
        return token.kind == "word" and token.value in self.rules.months

    def is_date_chunk(self, start: int, end: int) -> bool:
        values = [match.group(0) for match in _WORD_RE.finditer(self.text, start, end)]
        return bool(values) and all(_is_number(v) or v in self.rules.months for v in values)

    def chunk(self, pos: int) -> int | None:
        """Capitalised words, numbers and brackets from ``pos``; ``None`` when none starts there."""
        end: int | None = None
        cursor = pos
        while True:
            token = _token_at(self.text, cursor)
            if token.kind == "word":
                word = token.value
                lower = word.lower()
                if (_is_cap(word) and lower not in self.m.function_lower) or _is_number(word):
                    end = cursor = token.end
                    continue
                if (lower in self.rules.inner_words or self.adjective(word)) and self.caps_follow(token.end):
                    cursor = token.end
                    continue
                break
            if token.kind == "bracket" and end is not None and _bracket_kind(token.value) != "other":
                end = cursor = token.end
                continue
            break
        return end

    def adjective(self, word: str) -> bool:
        """A lowercase word that may qualify a capitalised one inside a title ("the wider Social ...")."""
        lower = word.lower()
        return (
            word.islower()
            and len(lower) > 2
            and lower not in self.m.function_lower
            and lower not in self.rules.stop_words
            and lower not in self.rules.anaphoric_words
            and not lower.endswith(("ed", "ing", "s", "ly"))
        )

    def caps_follow(self, pos: int) -> bool:
        token = _token_at(self.text, pos)
        return token.kind == "word" and _is_cap(token.value) and token.value.lower() not in self.m.function_lower

    def functions(self, pos: int) -> tuple[int, list[str]]:
        """Skip function words (not conjunctions) from ``pos``: their end and the words, lowercased."""
        words: list[str] = []
        cursor = pos
        while True:
            token = _token_at(self.text, cursor)
            if token.kind != "word":
                return cursor, words
            lower = token.value.lower()
            if lower in self.m.conjunctions or lower not in self.m.function_lower:
                return cursor, words
            words.append(lower)
            cursor = token.end

    def clean_end(self, pos: int) -> bool:
        """Whether a coordinated part may end at ``pos``: no infinitive or other clause goes on from there."""
        token = _token_at(self.text, pos)
        if token.kind != "word" or not token.value.islower():
            return True
        if any(regex.match(self.text, token.start) for regex, _status in self.m.post_res):
            return True
        if token.value in self.m.function_lower and token.value not in self.m.conjunctions:
            after, _words = self.functions(token.start)
            nxt = _token_at(self.text, after)
            return nxt.kind == "word" and (_is_cap(nxt.value) or _is_number(nxt.value))
        return True

    def extend_right(self, head_end: int, start: int | None = None) -> tuple[int, bool]:
        """The end of a title whose head ends at ``head_end`` (and that starts at ``start``, when known), and whether
        it has a complement."""
        end = head_end
        while True:  # numbers and brackets straight after the head: "Roadmap 2025-2030", "Declaration (ALD)"
            token = _token_at(self.text, end)
            number = token.kind == "word" and _is_number(token.value) and not self.month_follows(token.end)
            if not (number or (token.kind == "bracket" and _bracket_kind(token.value) != "other")):
                break
            end = token.end
        has_complement = False
        last_start = end
        coordination: int | None = None
        while (step := self.step(end, has_complement=has_complement)) is not None:
            token = _token_at(self.text, end)
            closing = token.value == "," or (token.kind == "word" and token.value not in self.rules.nesting_words)
            if start is not None and has_complement and closing and self.own_acronym_ends(start, end):
                # "... on Climate Change (UNFCCC) and the 3rd Meeting ...", "... with Disabilities (CRPD) through the
                # Mid-Term Review of ...": the acronym closes the name; a subtitle or a complement that may hold a
                # nested title ("... (ADR) on Youth") goes on
                break
            if start is not None and has_complement and self.alias_at(start, end) is not None:
                break  # "... Technology and Innovation or APASTI as well as ...": an alias acronym closes the name
            if token.value == "," or token.value in self.m.conjunctions:
                coordination = end
            elif coordination is not None and token.kind == "word" and self.heads_in(token.end, step):
                # "X on Youth and the ASEAN State of Education Report": the coordinated words open a new title.
                end = coordination
                break
            last_start, end, has_complement = end, step, True
        # "submitted X to the 45th ASEAN Summit for notation": the last "to ..." is where X goes, not its name, when
        # it names a meeting or the Leaders ("... on Joint Response to Climate Change adopted at ..." keeps its "to").
        last = _token_at(self.text, last_start)
        if has_complement and last.value == "to" and self.post_phrase_at(end) and self.names_a_meeting(last.end, end):
            end = last_start
        return self.before_paragraph_number(end), has_complement

    def own_acronym_ends(self, start: int, end: int) -> bool:
        """Whether the title so far (``[start, end)``) ends with a bracket holding its own acronym: the words before
        the bracket read as it ("United Nations Framework Convention on Climate Change (UNFCCC)")."""
        text = self.text[start:end].rstrip()
        if not text.endswith(")"):
            return False
        opening = text.rfind("(")
        content = text[opening + 1 : -1].strip()
        if opening <= 0 or " " in content or _bracket_kind(content) != "acronym":
            return False
        words = _initial_words(text[:opening], self.m.function_lower)
        return _initials_skips(content, words) == 0

    def alias_at(self, start: int, end: int) -> tuple[int, str] | None:
        """An alias acronym given after a title ``[start, end)`` by "or" ("ASEAN Plan of Action on Science, Technology
        and Innovation or APASTI"): one ALL-CAPS word that abbreviates the title and opens no title of its own. Its
        end and the acronym, else ``None``."""
        match = _ALIAS_RE.match(self.text, end)
        if match is None or self.m.head_re.match(self.text, _token_at(self.text, match.end()).start):
            return None  # "... or ABCD Work Plan": a title of its own
        acronym = match.group("acronym")
        if not _abbreviates(acronym, self.text[start:end], self.m.function_lower):
            return None
        return match.end(), acronym

    def before_paragraph_number(self, end: int) -> int:
        """Leave out a paragraph number glued between the title and the next sentence ("... Green Jobs 3 The
        Ministers ...")."""
        number = _token_before(self.text, end)
        following = _token_at(self.text, end)
        if (
            number.kind == "word"
            and _PARAGRAPH_NUMBER_RE.fullmatch(number.value)
            and following.kind == "word"
            and _is_cap(following.value)
            and following.value.lower() in self.m.function_lower | self.rules.anaphoric_words
        ):
            return _token_before(self.text, number.start).end
        return end

    def names_a_meeting(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` names a meeting (``meeting_words``), those who meet ("the ASEAN Leaders") or a
        body by its acronym (:data:`_MEETING_PEOPLE`)."""
        words = {match.group(0) for match in _WORD_RE.finditer(self.text, start, end)}
        acronyms = {word for word in words if word.isalpha() and word.isupper() and len(word) >= 3} - {"ASEAN"}
        return bool(acronyms or words & (self.m.rules.meeting_words | _MEETING_PEOPLE))

    def post_phrase_at(self, pos: int) -> bool:
        start = _SPACE_RE.match(self.text, pos).end()  # type: ignore[union-attr]
        return any(regex.match(self.text, start) for regex, _status in self.m.post_res)

    def step(self, end: int, *, has_complement: bool) -> int | None:
        """The end of one more part of the title after ``end``, or ``None`` where the title ends."""
        token = _token_at(self.text, end)
        if token.kind == "punct":
            if token.value == ":" or (token.value in _HYPHENS and self.text[token.start - 1 : token.start] == " "):
                return self.subtitle(token.end)
            if token.value == "," and has_complement:
                return self.comma_list(end)
            return None
        if token.kind == "word" and self.colonless_subtitle(token, end):
            return self.subtitle(token.start)
        if token.kind == "word" and token.value == "No" and (sign := _NUMBER_SIGN_RE.match(self.text, token.start)):
            return sign.end()  # "ILO Convention No. 189": the instrument's number is part of its name
        if token.kind != "word" or (not token.value.islower() and token.value.lower() not in self.m.function_lower):
            return None
        if not token.value.islower() and _is_number(_token_before(self.text, end).value):
            return None  # "... Green Jobs 3 The Ministers": a paragraph number glued to the next sentence
        lower = token.value.lower()
        if lower in self.m.conjunctions:
            return self.coordinated(token.end) if has_complement else None
        if lower in self.rules.number_only_words:
            number = _token_at(self.text, token.end)
            if number.kind == "word" and _is_number(number.value):
                return number.end
            return None
        if lower not in self.m.function_lower:
            return None
        if has_complement and _YEAR_RE.fullmatch(_token_before(self.text, end).value):
            return None  # "... Work Plan on Sports 2016-2020 in Myanmar last May": the year closes the name
        after, words = self.functions(end)
        if words[0] in self.rules.nesting_words and (quoted := self.quoted_complement(after)) is not None:
            return quoted  # "ASEAN Declaration on “One Region, One Voice”": the quoted name is the complement
        chunk_end = self.chunk(after)
        if chunk_end is None:
            return None if has_complement or words[0] not in self.rules.nesting_words else self.described_title(after)
        if self.is_date_chunk(after, chunk_end) and (words[0] in self.rules.date_prepositions or self.dated(end)):
            return None  # "... in 2025"; "... Work Programme (2022-2024) to 2025": the name already has its years
        if words[0] in self.rules.venue_prepositions and _is_place(self.text[after:chunk_end]):
            return None  # "... Haze Pollution in Bangkok, Thailand": the venue, not the name
        if words[0] in self.rules.issuer_prepositions and self.issuer(after, chunk_end):
            return None  # "... Response to Floods from ASEAN Chair Viet Nam": who issued it, not the name
        if words[0] not in self.rules.nesting_words and self.heads_in(after, chunk_end):
            return None
        if self.possessive_in(after, chunk_end) and _token_at(self.text, chunk_end).value.islower():
            return None  # "... on Heat for the Leaders' adoption": the possessive opens the next phrase
        return chunk_end

    def quoted_complement(self, pos: int) -> int | None:
        """A quoted name at ``pos`` after a nesting word: capitalised words, numbers and function words only, at most
        :data:`_QUOTED_NAME_MAX_WORDS` of them, commas allowed, no sentence end; the end of its closing quote, else
        ``None``."""
        closing_of = {'"': '"', "\u201c": "\u201d", "\u2018": "\u2019"}
        pos = _SPACE_RE.match(self.text, pos).end()  # type: ignore[union-attr]
        opening = self.text[pos : pos + 1]
        if opening not in closing_of:
            return None
        closing = self.text.find(closing_of[opening], pos + 1)
        if closing < 0:
            return None
        if not self.name_in_quotes(self.text[pos + 1 : closing], forbidden='[.!?;:"\u201c\u201d\u2018\n]'):
            return None
        return closing + 1

    def dated(self, end: int) -> bool:
        """Whether the title so far ends with a year or a bracketed year range ("Roadmap 2025", "Work Programme
        (2022-2024)")."""
        last = re.search(r"[\w‐‑–/-]+\)?\s*$", self.text[:end])
        return last is not None and bool(_YEAR_RE.fullmatch(last.group(0).rstrip().rstrip(")")))

    def issuer(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` names who issued a document: an ``issuer_words`` word ("ASEAN Chair Viet Nam",
        "the Chair") or a known country or city."""
        words = [match.group(0) for match in _WORD_RE.finditer(self.text, start, end)]
        return bool(set(words) & self.rules.issuer_words) or _is_place(self.text[start:end])

    def described_title(self, pos: int) -> int | None:
        """A first complement in sentence case that names another title ("Statement on the development of the ASEAN
        Community's Post-2025 Vision"): one or two lowercase nouns at ``pos``, then "of" and a title, which is nested
        in the outer one. Its end, else ``None``."""
        cursor = pos
        for _count in range(2):
            token = _token_at(self.text, cursor)
            if token.kind != "word" or not self.adjective(token.value):
                return None
            cursor = token.end
            after, words = self.functions(cursor)
            if words[:1] == ["of"]:
                break
        else:
            return None
        chunk_end = self.chunk(after)
        head = self.m.head_re.search(self.text, after, chunk_end) if chunk_end is not None else None
        if head is None or (nested := self.head_at(head.start())) is None:
            return None
        return self.extend_right(nested[0])[0]

    def colonless_subtitle(self, token: _Token, end: int) -> bool:
        """A subtitle whose colon was left out, after the title's year: "... Masterplan 2025 Mainstreaming ..."."""
        before = _token_before(self.text, end)
        word = token.value
        return (
            before.kind == "word"
            and _YEAR_RE.fullmatch(before.value) is not None
            and word[1:].islower()
            and _is_cap(word)
            and word.lower().endswith("ing")
        )

    def subtitle(self, pos: int) -> int | None:
        """A subtitle after ":" or a spaced dash ("Environment: Advancing ...", "(E2E EWS) – An Assessment"); not
        a sentence after a list item's title ("Guidelines on X: The Ministers reaffirmed ...")."""
        first = _token_at(self.text, pos)
        if first.kind != "word" or not (_is_cap(first.value) or _is_number(first.value)):
            return None
        after, _words = self.functions(pos)
        chunk_end = self.chunk(after)
        # a head word in a subtitle only after "A"/"An" ("Roadmap: An ASEAN Digital Transformation Agenda to ...")
        if chunk_end is None or (self.heads_in(after, chunk_end) and first.value not in _INDEFINITE_ARTICLES):
            return None
        if first.value.lower() in _DETERMINERS | self.rules.anaphoric_words and self.clause_follows(chunk_end):
            return None
        return chunk_end

    def clause_follows(self, pos: int) -> bool:
        """Whether the words from ``pos`` (the rest of a subtitle) are followed by a verb: a lowercase word that is
        neither a function word nor a phrase after a title ("for notation", "was adopted")."""
        end, has_complement = pos, True
        while (step := self.step(end, has_complement=has_complement)) is not None:
            end = step
        token = _token_at(self.text, end)
        return (
            token.kind == "word"
            and token.value.islower()
            and token.value not in self.m.function_lower
            and not self.post_phrase_at(end)
        )

    def coordinated(self, pos: int) -> int | None:
        """After a conjunction inside a complement: the end of the coordinated part, or ``None``."""
        after, words = self.functions(pos)
        if words and words != ["the"]:
            return None
        first = _token_at(self.text, after)
        if first.kind != "word":
            return None
        chunk_end = self.chunk(after)
        if chunk_end is None or self.heads_in(after, chunk_end) or self.possessive_in(after, chunk_end):
            return None
        if words and self.named_item(after, chunk_end):
            return None  # "... of Human Rights and the International Bill of Human Rights": a new item
        if self.clean_end(chunk_end) or (not words and self.paired_noun(after, chunk_end)):
            return chunk_end
        return None

    def named_item(self, start: int, end: int) -> bool:
        """Whether the capitalised words ``[start, end)`` after "and the" name a document of their own: two words or
        more with an "of" complement of their own ("and the International Bill of Human Rights"; not "and the
        Elimination of ...", one noun sharing the name's complement)."""
        after, words = self.functions(end)
        return len(self.text[start:end].split()) >= 2 and words == ["of"] and self.caps_follow(after)

    def paired_noun(self, start: int, end: int) -> bool:
        """Whether ``[start, end)``, right after a bare "and", is one plain capitalised word that is no place: the
        second noun of a pair inside the name ("on Culture and Arts to promote ..."), which an infinitive after it
        does not turn into the subject of a clause ("... and Member States to implement", "... and Japan to ...")."""
        words = self.text[start:end].split()
        return (
            len(words) == 1 and _plain_cap(words[0]) and not words[0].endswith(("'s", "'")) and not _is_place(words[0])
        )

    def possessive_in(self, start: int, end: int) -> bool:
        """Whether a possessive ends the capitalised words in ``[start, end)`` ("and the ASEAN Secretariat's
        support": the next item); one that capitalised words follow is part of the name ("and Women's Leadership")."""
        words = self.text[start:end].split()
        return bool(words) and words[-1].endswith(("'s", "s'"))

    def comma_list(self, pos: int) -> int | None:
        """After a comma inside a complement: a list closed by a conjunction (", Recognition, and Development"),
        or an ``inner_words`` part (", including the Elimination of ..."); ``None`` otherwise."""
        cursor = pos
        while True:
            comma = _token_at(self.text, cursor)
            if comma.kind != "punct" or comma.value != ",":
                return None
            nxt = _token_at(self.text, comma.end)
            if nxt.kind != "word":
                return None
            lower = nxt.value.lower()
            if lower in self.m.conjunctions and nxt.value.islower():
                follow = _token_at(self.text, nxt.end)
                if follow.kind == "word" and follow.value.lower() == "the":
                    return None
                return self.coordinated(nxt.end)
            if lower in self.rules.inner_words and nxt.value.islower():
                after, _words = self.functions(nxt.end)
                chunk_end = self.chunk(after)
                if chunk_end is None or self.heads_in(after, chunk_end) or not self.clean_end(chunk_end):
                    return None
                return chunk_end
            if not _plain_cap(nxt.value) or lower in self.m.function_lower:
                return None
            chunk_end = self.chunk(nxt.start)
            if chunk_end is None or self.heads_in(nxt.start, chunk_end) or self.possessive_in(nxt.start, chunk_end):
                return None
            following = _token_at(self.text, chunk_end)
            if following.kind == "word" and following.value in self.m.conjunctions:
                return self.coordinated(following.end)
            if following.kind == "end":  # the text is cut inside the list: the title runs as far as it goes
                return chunk_end
            cursor = chunk_end

    # --- trailing acronym -------------------------------------------------------------------------------------

    def embedded(self, start: int) -> bool:
        """Whether the title is the complement of a capitalised name ("ASEAN Committee on the Implementation of
        the <title> (ACMW)"), so that a bracket after it belongs to that name."""
        the = _token_before(self.text, start)
        if the.kind != "word" or the.value.lower() != "the":
            return False
        preposition = _token_before(self.text, the.start)
        if preposition.kind != "word" or preposition.value not in self.rules.nesting_words:
            return False
        name = _token_before(self.text, preposition.start)
        return name.kind == "word" and _plain_cap(name.value) and not self.sentence_start(name.start)

    def trailing_acronym(self, start: int, end: int) -> tuple[int, int, str | None]:
        """Split a trailing "(XYZ)" off a title: (title end, consumed end, acronym or ``None``). A bracket followed
        only by the title's year ("ASEAN Strategic Plan on Rivers (ASPR) 2030") stays in the span; the acronym is
        recorded when it is the title's own."""
        text = self.text
        bracket_start = text.rfind("(", start, end)
        if bracket_start >= 0 and text[end - 1] != ")":
            return end, end, self.inner_acronym(start, bracket_start, end)
        if bracket_start < 0 or text[end - 1] != ")" or _bracket_kind(text[bracket_start + 1 : end - 1]) != "acronym":
            return end, end, None
        content = text[bracket_start + 1 : end - 1].strip()
        title_end = bracket_start
        while title_end > start and text[title_end - 1] in " \t\n":
            title_end -= 1
        words = _initial_words(text[start:title_end], self.m.function_lower)
        whole = _initials_skips(content, words)
        if whole is None and _abbreviates(content, text[start:title_end], self.m.function_lower):
            whole = 0
        if whole is None and _is_edition_acronym(content, words):
            whole = 0
        parts = [part for part in re.split(r"[\s/]+", content) if part]
        inner = [
            skips
            for part in parts
            for k in range(1, len(words))
            if (skips := _initials_skips(part, words[k:])) is not None
        ]
        if inner and (whole is None or min(inner) < whole):
            return end, end, None  # the acronym of a part of the title: "... Emerging Diseases (ACPHEED)"
        if whole is None and any(_NUMBERED_RE.fullmatch(part) for part in parts):
            return end, end, None  # a numbered session or item named in the title: "... Climate Change (UNFCCC COP26)"
        return title_end, end, content if whole is not None and not self.embedded(start) else None

    def inner_acronym(self, start: int, bracket_start: int, end: int) -> str | None:
        """The acronym in a bracket that only the title's year follows, when it abbreviates the words before it."""
        text = self.text
        close = text.find(")", bracket_start)
        if close < 0 or close >= end or _bracket_kind(text[bracket_start + 1 : close]) != "acronym":
            return None
        rest = [match.group(0) for match in _WORD_RE.finditer(text, close + 1, end)]
        if not rest or not all(_YEAR_RE.fullmatch(word) for word in rest) or text[close + 1 : end].count("("):
            return None
        content = text[bracket_start + 1 : close].strip()
        if " " in content or not _abbreviates(content, text[start:bracket_start], self.m.function_lower):
            return None
        return None if self.embedded(start) else content

    # --- what is not a title, headings ----------------------------------------------------------------------------

    def generic(self, start: int, head_start: int) -> bool:
        """Whether only ``generic_modifiers`` stand before the head ("Key Agreements", "Other Declarations")."""
        words = [match.group(0) for match in _WORD_RE.finditer(self.text, start, head_start)]
        return bool(words) and all(word in self.rules.generic_modifiers for word in words)

    def theme(self, start: int) -> bool:
        """Whether the title is inside a quoted theme or slogan ('under the theme "Advancing the ..."')."""
        before = self.text[:start]
        if self.in_unquoted_theme(start):
            return True
        if before.count('"') % 2 == 0 and before.count("\u201c") <= before.count("\u201d"):
            return False
        quote = max(before.rfind('"'), before.rfind("\u201c"))
        clause = re.split(r"[.;:!?]", before[max(0, quote - _THEME_REACH) : quote])[-1]
        words = re.findall(r"[^\W\d_]+", clause)[-_THEME_WORDS:]
        return any(word.lower() in self.rules.theme_words for word in words)

    def in_unquoted_theme(self, start: int) -> bool:
        """Whether the title stands inside an unquoted theme: capitalised words, numbers and function words run back
        from ``start`` to a theme word ("this year's theme of Turning Vision into Reality for a Dynamic ASEAN
        Community")."""
        cursor = start
        for _count in range(_THEME_UNQUOTED_WORDS):
            first = _token_at(self.text, cursor)
            if first.kind == "word" and _is_cap(first.value) and self.after_theme_word(cursor):
                return True  # a theme opens with a capitalised word: "the themes of the ASEAN ..." is no theme
            token = _token_before(self.text, cursor)
            if token.kind != "word" or not (
                _is_cap(token.value) or _is_number(token.value) or token.value in self.m.function_lower
            ):
                return False
            cursor = token.start
        return False

    def after_theme_word(self, start: int) -> bool:
        """Whether a theme word stands right before ``start``, through "of"/"for", a year, a colon or a comma: an
        unquoted theme ("this year's theme of Turning Vision into Reality ...", "themed: ...")."""
        cursor = start
        for _count in range(4):
            token = _token_before(self.text, cursor)
            if token.kind == "word" and token.value.lower() in self.rules.theme_words:
                return True
            if not (
                (token.kind == "punct" and token.value in ":,")
                or (token.kind == "word" and (token.value in {"of", "for"} or _YEAR_RE.fullmatch(token.value)))
            ):
                return False
            cursor = token.start
        return False

    def own_heading(self, start: int, end: int, kind: str) -> bool:
        """Whether the title is the heading of the document itself: a statement "of" a meeting (``meeting_words``)
        that opens the block and is followed, after brackets and a date, by nothing or by a new sentence glued to it
        ("Joint Statement of the Ninth ASEAN Ministerial Meeting on Youth (9th AMMY) The Meeting was convened ...",
        "... Meeting, 5 May 2026")."""
        if kind != "statement" or self.text[:start].strip():
            return False
        token = _token_at(self.text, end)
        while token.kind == "bracket" or token.value in {",", "."} or self.is_date_chunk(token.start, token.end):
            token = _token_at(self.text, token.end)  # brackets, a date
        if token.kind != "end" and not (token.kind == "word" and _is_cap(token.value)):
            return False  # "... Meeting was adopted": a sentence about the statement
        title = self.text[start:end]
        head = self.m.head_re.search(title)
        after_head = title[head.end() :] if head is not None else ""
        return re.match(r"\s+of\b", after_head) is not None and any(
            word in self.rules.meeting_words for word in after_head.split()
        )

    def heading_end(self, start: int, end: int) -> int:
        """The end of a document's heading at the start of a block, glued to its preamble and perhaps in sentence
        case ("ASEAN Declaration on the role of ... WE, the Heads of State ..."): up to a ``preamble_openers`` word
        or an ALL-CAPS preamble verb; ``end`` where the title is no such heading."""
        if self.text[:start].strip():
            return end
        cursor = end
        for _count in range(_HEADING_MAX_WORDS):
            token = _token_at(self.text, cursor)
            if token.kind != "word":
                return end
            after = _token_at(self.text, token.end)
            opener = token.value in self.rules.preamble_openers and after.kind == "punct" and after.value == ","
            if opener or _ALLCAPS_VERB_RE.fullmatch(token.value):
                return cursor if cursor > end else end
            cursor = token.end
        return end

    # --- whole text ---------------------------------------------------------------------------------------------

    def find(self) -> list[_Found]:
        """Every outermost title, left to right."""
        found: list[_Found] = []
        floor = pos = 0
        while (match := self.m.head_re.search(self.text, pos)) is not None:
            head = self.head_at(match.start())
            if head is None:  # pragma: no cover - head_re matched at this position
                pos = match.end()
                continue
            head_end, kind = head
            after_head = _token_at(self.text, head_end)
            if after_head.kind == "word" and after_head.value in self.rules.building_words:
                pos = after_head.end  # "the International Convention Centre": a building, not a convention
                continue
            start = self.extend_left(match.start(), floor)
            end, has_complement = self.extend_right(head_end, start)
            if start is None or (start == match.start() and end == head_end):
                pos = head_end  # a lone head ("the Declaration") or no title ("its Monitoring Checklist")
                continue
            if (
                (not has_complement and self.generic(start, match.start()))
                or (start == match.start() and _fold_space(match.group(0)) in self.rules.modifier_heads)
                or self.theme(start)
            ):
                floor = pos = head_end  # "Key Agreements", "the Agenda of the Meeting", 'under the theme "..."'
                continue
            end = self.heading_end(start, end)
            title_end, consumed_end, acronym = self.trailing_acronym(start, end)
            alias = self.alias_at(start, end) if acronym is None and title_end == end else None
            if alias is not None:
                consumed_end, acronym = alias
            if self.own_heading(start, consumed_end, kind):
                floor = pos = consumed_end  # "Joint Statement of the Seventh ... Meeting": the document's own title
                continue
            quoted = self.quoted_name(start, consumed_end)
            if quoted is not None:
                # '"Reopen, Recover, and Resilience in Education: Guidelines for ASEAN Countries"': the quotation is
                # the name; a title found inside it before this one is part of it
                if quoted[1] > consumed_end:
                    title_end = consumed_end = quoted[1]
                    acronym = None
                start = min(start, quoted[0])
                while found and found[-1].start >= start:
                    found.pop()
            previous = found[-1] if found else None
            if previous is not None and self.named_by_acronym(previous.start, previous.consumed_end, start, title_end):
                # "ASEAN Agreement on Disaster Management and Emergency Response (AADMER) Work Programme": the
                # acronym before the head spells both parts, so the "and" is inside the name of one instrument
                start = found.pop().start
            found.append(
                _Found(
                    start=start,
                    end=title_end,
                    consumed_end=consumed_end,
                    acronym=acronym,
                    instrument_type=self.outer_kind(start, title_end, kind),
                )
            )
            floor = pos = consumed_end
        organisations = self.m.rules.organisation_names  # "United Nations Development Programme"
        return [
            item for item in found if " ".join(self.text[item.start : item.end].split()).casefold() not in organisations
        ]

    def name_in_quotes(self, content: str, *, forbidden: str) -> bool:
        """Whether a quotation's ``content`` reads as a name: capitalised words, numbers and function words only, the
        first capitalised, at most :data:`_QUOTED_NAME_MAX_WORDS` of them, and no character of ``forbidden`` (a
        character class: sentence ends, quotes)."""
        words = [match.group(0) for match in _WORD_RE.finditer(content)]
        return (
            bool(words)
            and len(words) <= _QUOTED_NAME_MAX_WORDS
            and _is_cap(words[0])
            and re.search(forbidden, content) is None
            and all(_is_cap(word) or _is_number(word) or word in self.m.function_lower for word in words)
        )

    def quoted_name(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation around a title ``[start, end)`` when it is a name: capitalised words, numbers and function
        words only, at most :data:`_QUOTED_NAME_MAX_WORDS` of them, no sentence end ('"Reopen, Recover, and Resilience
        in Education: Guidelines for ASEAN Countries"'); its first and last characters inside the quotes, else
        ``None``. A quotation that holds a sentence or a lowercase phrase ("I consider the ... a success") is none."""
        before = self.text[:start]
        straight = before.count('"') % 2 == 1
        if not straight and before.count("\u201c") <= before.count("\u201d"):
            return None
        opening = before.rfind('"') if straight else before.rfind("\u201c")
        closing = self.text.find('"' if straight else "\u201d", end)
        if closing < 0:
            return None
        content = self.text[opening + 1 : closing]
        if not self.name_in_quotes(content, forbidden='[.!?;"\u201c\u201d]'):
            return None
        first = opening + 1 + (len(content) - len(content.lstrip()))
        last = closing - (len(content) - len(content.rstrip()))
        return first, last

    def acronym_heads(self, start: int, end: int) -> list[tuple[int, str]]:
        """The heads in ``[start, end)`` that follow a bracket holding the acronym of the words from ``start`` up to
        it ("ASEAN Agreement on Transboundary Haze Pollution (AATHP) Roadmap"): each bracket's end and the type of
        the head after it."""
        heads = []
        for bracket in _BRACKET_AFTER_WORD_RE.finditer(self.text, start, end):
            head = self.head_at(bracket.end("space"))
            if head is not None and head[0] <= end and self.own_acronym_ends(start, bracket.end("bracket")):
                heads.append((bracket.end("bracket"), head[1]))
        return heads

    def outer_kind(self, start: int, end: int, kind: str) -> str:
        """The type of a title: its first head's, or the last head that follows the title's own acronym inside it
        ("... Haze Pollution (AATHP) Roadmap" is a roadmap: the agreement is named in it)."""
        heads = self.acronym_heads(start, end)
        return heads[-1][1] if heads else kind

    def named_by_acronym(self, first_start: int, first_end: int, start: int, end: int) -> bool:
        """Whether a title ``[start, end)`` coordinated right after the title ``[first_start, first_end)`` by "and"
        is the rest of one name: an acronym in it, before a head, spells the words of both."""
        gap = self.text[first_end:start]
        if _AND_GAP_RE.fullmatch(gap) is None:
            return False
        return any(bracket_end > start for bracket_end, _kind in self.acronym_heads(first_start, end))


def _abbreviates(acronym: str, title: str, function_lower: frozenset[str]) -> bool:
    """Whether ``acronym`` abbreviates ``title`` read more loosely than initials alone: each letter is the initial of
    a word (a function word may give one: "I" for "in") or a further letter of the word whose initial came just
    before ("ASPEN": ASEAN Strategic Plan on ENvironment). The first letter is the first word's; the last falls in
    one of the last two content words, and at least half of the content words give a letter."""
    letters = [c for c in acronym if c.isalpha()]
    if not 2 <= len(letters) <= _ABBREVIATION_MAX_LETTERS or not all(c.isupper() for c in letters):
        return False
    words = re.findall(r"[^\W_][\w']*", title.replace("(", " ").replace(")", " "))
    content = [i for i, w in enumerate(words) if w.lower() not in function_lower and w[:1].isupper()]
    if not content or words[content[0]][0].upper() != letters[0]:
        return False
    words = words[content[0] :][: _EXPANSION_MAX_WORDS * 2]
    content = [i - content[0] for i in content if i - content[0] < len(words)]

    def read(letter: int, word: int, inside: int, used: frozenset[int]) -> frozenset[int] | None:
        # letter: next letter to read; word: the word whose initial was read last; inside: where in it to go on.
        if letter == len(letters):
            return used
        target = letters[letter].lower()
        found = words[word].lower().find(target, inside)
        if found > 0:  # a further letter of the same word
            result = read(letter + 1, word, found + 1, used)
            if result is not None:
                return result
        for following in range(word + 1, len(words)):
            if words[following][0].lower() == target:
                result = read(letter + 1, following, 1, used | {following})
                if result is not None:
                    return result
            if following in content and following - word > 2:
                break  # at most two content words skipped in a row
        return None

    used = read(1, 0, 1, frozenset({0}))
    if used is None:
        return False
    given = [i for i in content if i in used]
    return len(given) * 2 >= len(content) and max(used) >= content[-min(2, len(content))]


def _plain_cap(word: str) -> bool:
    """A capitalised word that is not an acronym ("Response", not "ASEAN")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and word[:1].isupper() and any(c.islower() for c in letters)


def _numbered_body(token: _Token) -> bool:
    """Whether ``token``, before a number that the head follows, is an acronym that the number follows as a
    meeting's ("the AMMS 8 Joint Statement", as "AMMS-8"), not a word that a paragraph number is glued after ("Key
    Outcomes 4 ...")."""
    return token.kind == "word" and len(token.value) >= 2 and token.value.isalpha() and token.value.isupper()


def _verb_like(word: str) -> bool:
    """A capitalised gerund, participle or adverb ("Turning", "Noted", "Further"), not a name."""
    return word[1:].islower() and word.lower().endswith(("ing", "ed", "ly", "her"))


def _bare_acronyms(text: str, acronyms: Mapping[str, str], taken: Sequence[tuple[int, int]]) -> list[_Found]:
    found: list[_Found] = []
    if not acronyms:
        return found
    alternatives = "|".join(re.escape(acr) for acr in sorted(acronyms, key=lambda a: (-len(a), a)))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?:'s|s)?(?![\w-])")
    for match in pattern.finditer(text):
        start, end = match.span(1)
        if any(left <= start < right for left, right in taken):
            continue
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
            continue
        if end == match.end() and (years := _ACRONYM_YEARS_RE.match(text, end)) is not None:
            end = years.end()  # "the APAST 2007-2011": the period the acronym's instrument covers is in its name
        found.append(_Found(start, end, end, match.group(1), acronyms[match.group(1)]))
    return found
