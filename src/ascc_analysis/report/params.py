"""Notebook parameters: read the ``parameters`` cell, and check values against its type annotations.

Every notebook in ``notebooks/`` has ONE code cell tagged ``parameters`` written papermill-style, one parameter a
line::

    corpus_dir: str = "data/processed"  # processed corpus (relative to the project)
    year_from: int | None = None  # first year to include

:func:`read_parameters` returns each parameter's name, annotation, default and help. :func:`validate_parameters`
checks values for a run against them *before any kernel starts* (papermill alone only warns about an unknown name
and never checks a type) and raises :class:`~ascc_analysis.errors.ParameterError` naming the notebook, the
parameter and what is accepted. :func:`parse_assignments` turns ``--set name=value`` options into typed values.

The cell is parsed with :mod:`ast`, not with ``papermill.inspect_notebook``: papermill's pattern silently drops a
parameter annotated ``int | None`` and cuts a default string at its first ``#``.

Accepted annotations: ``str``, ``int``, ``float``, ``bool``, ``None``, ``list[T]`` of those, unions written
``A | B`` or ``Optional[A]``. An ``int`` is accepted (and converted) where a ``float`` is expected; a ``bool`` is never
an ``int``.
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ascc_analysis.errors import ParameterError

__all__ = [
    "PARAMETERS_TAG",
    "Parameter",
    "cell_source",
    "check_value",
    "parameters_cell_index",
    "parse_assignments",
    "read_notebook",
    "read_parameters",
    "validate_parameters",
]

PARAMETERS_TAG = "parameters"

_SCALARS: dict[str, type | None] = {"str": str, "int": int, "float": float, "bool": bool, "None": None}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a notebook's ``parameters`` cell.

    Attributes:
        name: The variable name.
        type: The annotation as written (``"int | None"``), ``"None"`` when there is none.
        default: The default value (a Python literal).
        help: The comment after the assignment, ``""`` when there is none.
    """

    name: str
    type: str
    default: Any
    help: str


# --- types --------------------------------------------------------------------------------------------------------
# A parsed annotation: a tuple of alternatives, each a scalar name or ("list", alternatives).
_Alternative = str | tuple[str, tuple[Any, ...]]


def _parse_annotation(node: ast.expr, text: str) -> tuple[_Alternative, ...]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _parse_annotation(node.left, text) + _parse_annotation(node.right, text)
    if isinstance(node, ast.Constant) and node.value is None:
        return ("None",)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a quoted annotation
        return _parse_annotation(ast.parse(node.value, mode="eval").body, text)
    if isinstance(node, ast.Name) and node.id in _SCALARS:
        return (node.id,)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        if node.value.id in {"list", "List"}:
            return (("list", _parse_annotation(node.slice, text)),)
        if node.value.id == "Optional":
            return (*_parse_annotation(node.slice, text), "None")
    raise ValueError(f"unsupported type annotation {text!r}")


def _annotation(text: str) -> tuple[_Alternative, ...]:
    try:
        return _parse_annotation(ast.parse(text, mode="eval").body, text)
    except SyntaxError as error:
        raise ValueError(f"unsupported type annotation {text!r}") from error


def _fits(value: Any, alternatives: tuple[_Alternative, ...]) -> tuple[bool, Any]:
    """Whether ``value`` fits one alternative, and the value converted to it (``int`` → ``float``)."""
    for alternative in alternatives:
        if isinstance(alternative, tuple):
            if isinstance(value, list):
                converted = [_fits(item, alternative[1]) for item in value]
                if all(ok for ok, _ in converted):
                    return True, [item for _, item in converted]
            continue
        expected = _SCALARS[alternative]
        if expected is None:
            if value is None:
                return True, None
        elif expected is float:
            if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
                return True, float(value)
        elif expected is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return True, value
        elif isinstance(value, expected):
            return True, value
    return False, value


def _accepts_str(alternatives: tuple[_Alternative, ...]) -> bool:
    return "str" in alternatives


def _list_of_str(alternatives: tuple[_Alternative, ...]) -> bool:
    return any(isinstance(alt, tuple) and _accepts_str(alt[1]) for alt in alternatives)


def _describe(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def check_value(value: Any, type_text: str) -> Any:
    """Check one value against an annotation.

    Args:
        value: The value (from YAML, the command line or Python).
        type_text: The annotation, ``"None"`` (no annotation) accepts anything.

    Returns:
        The value, an ``int`` converted to ``float`` where a float is expected.

    Raises:
        ValueError: The value does not fit, or the annotation is not supported.
    """
    if type_text == "None":  # no annotation: anything goes
        return value
    ok, converted = _fits(value, _annotation(type_text))
    if not ok:
        raise ValueError(f"expects {type_text}, got {_describe(value)}")
    return converted


# --- reading ------------------------------------------------------------------------------------------------------


def cell_source(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (``.ipynb`` files store it as a string or as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def read_notebook(notebook_path: Path) -> dict[str, Any]:
    """Read a notebook file (nbformat 4) as plain JSON.

    nbformat is not used here: importing it (through jsonschema's format checkers) costs seconds, and planning a
    run with nothing to execute must stay fast.

    Returns:
        The notebook as a dict; ``notebook["cells"]`` is a list of cell dicts (see :func:`cell_source`).

    Raises:
        ParameterError: The file is missing or is not an nbformat 4 notebook.
    """
    if not notebook_path.is_file():
        raise ParameterError(f"{notebook_path}: notebook not found")
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ParameterError(f"{notebook_path}: not a readable notebook ({error})") from None
    if not isinstance(notebook, dict) or notebook.get("nbformat") != 4 or not isinstance(notebook.get("cells"), list):
        raise ParameterError(f"{notebook_path}: not an nbformat 4 notebook")
    return notebook


def parameters_cell_index(notebook: Mapping[str, Any], *, name: str = "notebook") -> int:
    """The index of the one code cell tagged ``parameters``.

    Raises:
        ParameterError: No cell, or several cells, are tagged ``parameters``.
    """
    tagged = [
        index
        for index, cell in enumerate(notebook["cells"])
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []) and cell.get("cell_type") == "code"
    ]
    if not tagged:
        raise ParameterError(f"{name}: no code cell is tagged {PARAMETERS_TAG!r}; tag the cell that sets the defaults")
    if len(tagged) > 1:
        raise ParameterError(
            f"{name}: {len(tagged)} cells (indices {tagged}) are tagged {PARAMETERS_TAG!r}; tag exactly one"
        )
    return tagged[0]


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):  # pragma: no cover - ast.parse has already accepted the source
        pass
    return comments


def _parse_cell(source: str, name: str) -> list[Parameter]:
    try:
        module = ast.parse(source)
    except SyntaxError as error:
        raise ParameterError(
            f"{name}: the parameters cell is not valid Python ({error.msg}, line {error.lineno})"
        ) from None
    comments = _comments_by_line(source)
    parameters: list[Parameter] = []
    for statement in module.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            target, annotation, value = statement.target.id, ast.unparse(statement.annotation), statement.value
        elif (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            target, annotation, value = statement.targets[0].id, "None", statement.value
        else:
            raise ParameterError(
                f"{name}: line {statement.lineno} of the parameters cell is not `name: type = literal  # help`"
            )
        if value is None:
            raise ParameterError(f"{name}: parameter {target} has no default value; write `{target}: type = value`")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ParameterError(
                f"{name}: the default of parameter {target} ({ast.unparse(value)}) is not a literal; "
                "use a string, number, bool, None or a list of them"
            ) from None
        if annotation != "None":
            try:
                default = check_value(default, annotation)
            except ValueError as error:
                raise ParameterError(f"{name}: the default of parameter {target} {error}") from None
        end_line = statement.end_lineno or statement.lineno
        parameters.append(Parameter(target, annotation, default, comments.get(end_line, "")))
    return parameters


def read_parameters(notebook_path: Path) -> list[Parameter]:
    """The parameters declared in a notebook's ``parameters`` cell, in order.

    Args:
        notebook_path: The ``.ipynb`` file.

    Returns:
        One :class:`Parameter` per assignment; ``type`` is ``"None"`` for an assignment without an annotation.

    Raises:
        ParameterError: The notebook is missing or unreadable; it has no or several ``parameters`` cells; a line of
            the cell is not an assignment of a literal; an annotation is not supported; a default does not fit its
            annotation.
    """
    notebook = read_notebook(notebook_path)
    index = parameters_cell_index(notebook, name=notebook_path.name)
    return _parse_cell(cell_source(notebook["cells"][index]), notebook_path.name)


# --- validation ---------------------------------------------------------------------------------------------------


def _unknown_message(notebook: str, name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}? " if close else ""
    return f"{notebook}: unknown parameter {name!r}; {hint}it accepts {', '.join(known) or 'no parameters'}"


def validate_parameters(notebook_path: Path, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check values for a run against a notebook's parameters.

    Args:
        notebook_path: The ``.ipynb`` file.
        values: Parameter name to value (overrides of the defaults).

    Returns:
        The values, converted where needed (``int`` → ``float``), in the cell's order, as a new dict (JSON-ready:
        only strings, numbers, bools, None and lists).

    Raises:
        ParameterError: A name is not a parameter (the message gives the closest known name), or a value does not
            fit the parameter's type (the message gives the type); or any error of :func:`read_parameters`.
    """
    parameters = {parameter.name: parameter for parameter in read_parameters(notebook_path)}
    name = notebook_path.name
    for key in values:
        if key not in parameters:
            raise ParameterError(_unknown_message(name, key, list(parameters)))
    checked: dict[str, Any] = {}
    for key, parameter in parameters.items():
        if key not in values:
            continue
        try:
            checked[key] = check_value(values[key], parameter.type)
        except ValueError as error:
            raise ParameterError(f"{name}: parameter {key} {error}") from None
        try:
            json.dumps(checked[key], allow_nan=False)
        except (TypeError, ValueError):
            raise ParameterError(
                f"{name}: parameter {key}={values[key]!r} is not a plain value (string, number, bool, None, list)"
            ) from None
    return checked


def parse_assignments(assignments: Sequence[str], parameters: Mapping[str, Parameter]) -> dict[str, Any]:
    """Parse ``--set name=value`` options into values for :func:`validate_parameters`.

    The value is read as YAML (``3``, ``0.5``, ``true``, ``null``, ``[ASCC, ALMM]``). Where the parameter accepts a
    string and the YAML value does not fit, the text is taken as written (``doc_id=2019`` gives ``"2019"``); where it
    takes a list of strings, a single value becomes a one-item list.

    Args:
        assignments: ``name=value`` strings.
        parameters: Known parameters by name (from every notebook concerned), used only for these conversions; a name
            not in it is returned as parsed and rejected later by :func:`validate_parameters`.

    Raises:
        ParameterError: An assignment has no ``=`` or an empty name.
    """
    values: dict[str, Any] = {}
    for assignment in assignments:
        name, equals, text = assignment.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier():
            raise ParameterError(f"--set {assignment!r}: expected name=value, for example --set year_from=2019")
        try:
            value: Any = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            value = text
        parameter = parameters.get(name)
        if parameter is not None and parameter.type != "None":
            alternatives = _annotation(parameter.type)
            if not _fits(value, alternatives)[0]:
                if _accepts_str(alternatives):
                    value = text
                elif _list_of_str(alternatives) and not isinstance(value, list):
                    value = [text]
        values[name] = value
    return values
