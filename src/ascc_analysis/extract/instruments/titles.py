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
from ascc_analysis.extract.instruments.tokens import (
    _HYPHENS,
    _SPACE_RE,
    _WORD_RE,
    _bracket_kind,
    _initial_words,
    _initials_skips,
    _is_cap,
    _is_number,
    _Token,
    _token_at,
    _token_before,
)

_HEAD_JOINT_RE = re.compile(r" (?:and )?")
_ALLCAPS_VERB_RE = re.compile(r"[A-Z]{3,}(?:ING|ED)")


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
        end and the last head's type."""
        match = self.m.head_re.match(self.text, pos)
        if match is None:
            return None
        end = match.end()
        kind = self.m.head_types[_fold_space(match.group(0))]
        while True:  # "Study Report", "Regional Framework and Plan of Action"
            joint = _HEAD_JOINT_RE.match(self.text, end)
            follow = self.m.head_re.match(self.text, joint.end()) if joint else None
            if follow is None:
                return end, kind
            end = follow.end()
            kind = self.m.head_types[_fold_space(follow.group(0))]

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
            if not (_is_cap(word) or _is_number(word)) or word.lower() == "the" or _ALLCAPS_VERB_RE.fullmatch(word):
                break
            if self.sentence_start(token.start) and _verb_like(word):
                return None
            start = token.start
        before = _token_before(self.text, start)
        if before.kind == "word" and before.value.lower() in self.rules.anaphoric_words:
            return None
        return start

    def bracket_before(self, end: int, floor: int) -> int | None:
        """The start of an acronym bracket ending at ``end`` and following a capitalised word, else ``None``."""
        opening = self.text.rfind("(", floor, end)
        if opening < 0 or _bracket_kind(self.text[opening + 1 : end - 1]) != "acronym":
            return None
        word = _token_before(self.text, opening)
        if word.kind != "word" or word.start < floor or not _is_cap(word.value) or word.value.lower() == "the":
            return None
        return opening

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

    def extend_right(self, head_end: int) -> tuple[int, bool]:
        """The end of a title whose head ends at ``head_end``, and whether it has a complement."""
        end = head_end
        while True:  # numbers and brackets straight after the head: "Roadmap 2025-2030", "Declaration (ALD)"
            token = _token_at(self.text, end)
            number = token.kind == "word" and _is_number(token.value) and not self.month_follows(token.end)
            if not (number or (token.kind == "bracket" and _bracket_kind(token.value) != "other")):
                break
            end = token.end
        has_complement = False
        last_start = end
        while (step := self.step(end, has_complement=has_complement)) is not None:
            last_start, end, has_complement = end, step, True
        # "submitted X to the 45th ASEAN Summit for notation": the last "to ..." is where X goes, not its name.
        last = _token_at(self.text, last_start)
        if has_complement and last.value == "to" and self.post_phrase_at(end):
            end = last_start
        return end, has_complement

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
        if token.kind != "word" or (not token.value.islower() and token.value.lower() not in self.m.function_lower):
            return None
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
        after, words = self.functions(end)
        chunk_end = self.chunk(after)
        if chunk_end is None:
            return None
        if words[0] in self.rules.date_prepositions and self.is_date_chunk(after, chunk_end):
            return None
        if words[0] not in self.rules.nesting_words and self.heads_in(after, chunk_end):
            return None
        return chunk_end

    def subtitle(self, pos: int) -> int | None:
        """A subtitle after ":" or a spaced dash ("Environment: Advancing ...", "(E2E EWS) – An Assessment")."""
        first = _token_at(self.text, pos)
        if first.kind != "word" or not (_is_cap(first.value) or _is_number(first.value)):
            return None
        after, _words = self.functions(pos)
        chunk_end = self.chunk(after)
        if chunk_end is None or self.heads_in(after, chunk_end):
            return None
        return chunk_end

    def coordinated(self, pos: int) -> int | None:
        """After a conjunction inside a complement: the end of the coordinated part, or ``None``."""
        after, words = self.functions(pos)
        if words and words != ["the"]:
            return None
        first = _token_at(self.text, after)
        if first.kind != "word" or first.value.endswith(("'s", "'")):
            return None
        chunk_end = self.chunk(after)
        if chunk_end is None or self.heads_in(after, chunk_end) or self.possessive_in(after, chunk_end):
            return None
        return chunk_end if self.clean_end(chunk_end) else None

    def possessive_in(self, start: int, end: int) -> bool:
        return any(word.endswith(("'s", "s'")) for word in self.text[start:end].split())

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
        """Split a trailing "(XYZ)" off a title: (title end, consumed end, acronym or ``None``)."""
        text = self.text
        bracket_start = text.rfind("(", start, end)
        if bracket_start < 0 or text[end - 1] != ")" or _bracket_kind(text[bracket_start + 1 : end - 1]) != "acronym":
            return end, end, None
        content = text[bracket_start + 1 : end - 1].strip()
        title_end = bracket_start
        while title_end > start and text[title_end - 1] in " \t\n":
            title_end -= 1
        words = _initial_words(text[start:title_end], self.m.function_lower)
        whole = _initials_skips(content, words)
        parts = [part for part in re.split(r"[\s/]+", content) if part]
        inner = [
            skips
            for part in parts
            for k in range(1, len(words))
            if (skips := _initials_skips(part, words[k:])) is not None
        ]
        if inner and (whole is None or min(inner) < whole):
            return end, end, None  # the acronym of a part of the title: "... Emerging Diseases (ACPHEED)"
        return title_end, end, content if whole is not None and not self.embedded(start) else None

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
            start = self.extend_left(match.start(), floor)
            end, _has_complement = self.extend_right(head_end)
            if start is None or (start == match.start() and end == head_end):
                pos = head_end  # a lone head ("the Declaration") or no title ("its Monitoring Checklist")
                continue
            title_end, consumed_end, acronym = self.trailing_acronym(start, end)
            found.append(
                _Found(
                    start=start,
                    end=title_end,
                    consumed_end=consumed_end,
                    acronym=acronym,
                    instrument_type=kind,
                )
            )
            floor = pos = consumed_end
        return found


def _plain_cap(word: str) -> bool:
    """A capitalised word that is not an acronym ("Response", not "ASEAN")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and word[:1].isupper() and any(c.islower() for c in letters)


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
        found.append(_Found(start, end, end, match.group(1), acronyms[match.group(1)]))
    return found
