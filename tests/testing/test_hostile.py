"""Tests of the hostile-file makers (ascc_analysis.testing.hostile): what each writes, and the one error path.

That each hostile file is refused with its own code is tested in tests/ingest/test_hostile_inputs.py; here, that the
makers write what they say, small on disk at the tests' sizes. Every file written is synthetic.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest

from ascc_analysis.ingest.readers import limits
from ascc_analysis.testing.hostile import (
    HOSTILE_NAMES,
    MIB,
    SMALL,
    deep_html,
    deflated,
    one_line_text,
    write_hostile_file,
    write_hostile_files,
    zip_bomb,
)


def test_the_small_files_are_small_on_disk(tmp_path: Path) -> None:
    written = write_hostile_files(tmp_path, SMALL)
    assert list(written) == list(HOSTILE_NAMES)
    on_disk = {name: os.stat(path).st_blocks * 512 for name, path in written.items()}
    assert all(on_disk[name] < 200_000 for name in ("zip-bomb.docx", "flate-bomb.pdf", "many-pages.pdf", "huge.pdf"))
    assert written["huge.pdf"].stat().st_size == limits.MAX_FILE_BYTES + 1
    assert b"/Count 1000000 " in written["many-pages.pdf"].read_bytes()


def test_the_bombs_expand_to_what_they_say() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_bomb(3 * MIB))) as archive:
        assert archive.getinfo("word/document.xml").file_size == 3 * MIB
    assert zlib.decompress(deflated(b" ", 2 * MIB)) == b" " * (2 * MIB)


def test_the_text_files_are_one_line_and_deeply_nested() -> None:
    line = one_line_text(9_000)
    assert "\n" not in line and len(line) == len("1. The Meeting noted ") + 9_000
    assert deep_html(3) == "<html><body><div><div><div><p>1. The Meeting noted.</p></div></div></div></body></html>"


def test_an_unknown_name_is_refused_with_the_names_accepted(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no hostile file is named 'bomb\.zip'; accepted: zip-bomb\.docx, ") as caught:
        write_hostile_file(tmp_path / "bomb.zip")
    assert str(tmp_path / "bomb.zip") in str(caught.value)
    assert not (tmp_path / "bomb.zip").exists()
