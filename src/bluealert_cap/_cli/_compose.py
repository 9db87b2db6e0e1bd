"""``bluealert-cap compose`` and ``bluealert-cap schema``: Blue Alerts from JSON or YAML.

``compose INPUT [-o OUT] [--pretty] [--check] [--sign --key K --cert C]`` reads the facts of a
Blue Alert (the fields of :class:`~bluealert_cap.BlueAlert`; ``schema`` prints their JSON
Schema), and writes the IPAWS-ready CAP 1.2 message. Input errors are listed one per line as
``INPUT: field.path: message`` with exit status 2; never a traceback. ``--check`` also
validates the result under the ``bluealert`` profile and exits 1 when it has an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from .._bluealert import BlueAlert
from .._errors import CapError, InvalidContentError
from ._io import read_input, write_output

STDIN_NAME = "<stdin>"

_TOO_DEEP = (
    "not usable {}: lists and objects are nested too deeply (a Blue Alert's facts are nested "
    "a few levels)"
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``compose`` and ``schema`` subcommands."""
    p = subparsers.add_parser(
        "compose",
        help="compose an IPAWS-ready CAP 1.2 Blue Alert from JSON or YAML facts",
        description=(
            "Compose a Blue Alert. INPUT is a JSON or YAML file (or - for standard input) with "
            "the fields printed by 'bluealert-cap schema'. Exit status: 0 written, 1 --check "
            "found an error, 2 the input is unreadable or invalid (each problem is listed with "
            "its field path)."
        ),
    )
    p.add_argument("input", metavar="INPUT", help="JSON or YAML file, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write the CAP XML here (default, or -: standard output)")
    p.add_argument("--pretty", action="store_true", help="indent the XML")
    p.add_argument("--check", action="store_true",
                   help="validate the message under the bluealert profile; findings go to "
                   "standard error, exit 1 on an error")
    p.add_argument("--sign", action="store_true",
                   help="sign the message (IPAWS-OPEN accepts only signed messages); needs "
                   "--key and --cert")
    try:
        from ._sign import add_signing_arguments
    except ImportError:  # pragma: no cover - signing module not installed
        pass
    else:
        # the signing options, which mean something only with --sign
        p.set_defaults(signing_options=add_signing_arguments(p, required=False))
    p.set_defaults(func=run_compose)

    s = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of compose's input (a Blue Alert's facts)",
        description="Print the JSON Schema (draft 2020-12) of the input 'compose' reads.",
    )
    s.set_defaults(func=run_schema)


class _DuplicateKeyError(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json keeps the last value silently)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(
                f"the key {key!r} appears twice in one object; only one value can be used, "
                "so nothing is dropped silently: remove or merge one of them"
            )
        out[key] = value
    return out


class _StrictYamlLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a mapping key given twice (it keeps the last value)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"the key {key!r} appears twice; only one value can be used, so nothing is "
                    "dropped silently: remove or merge one of them",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def load_input(path: str) -> Any:
    """The data in a JSON or YAML file (``-`` = stdin). Raises ``ValueError`` with the place
    of a syntax error."""
    try:
        # Bounded like every other input: an endless stream is refused, not read into memory.
        raw = read_input(path)
    except CapError as exc:
        raise ValueError(str(exc)) from None
    try:
        text = raw.decode("utf-8-sig")  # some editors start UTF-8 text with a byte-order mark
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"cannot read: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    suffix = "" if path == "-" else Path(path).suffix.lower()
    if not text.strip():
        raise ValueError("the input is empty: nothing to compose")
    if suffix == ".json" or (suffix not in (".yaml", ".yml") and text.lstrip()[:1] in ("{", "[")):
        try:
            return json.loads(text, object_pairs_hook=_object_without_duplicates)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
            ) from None
        except _DuplicateKeyError as exc:
            raise ValueError(f"not usable JSON: {exc}") from None
        except RecursionError:
            raise ValueError(_TOO_DEEP.format("JSON")) from None
    try:
        return yaml.load(text, Loader=_StrictYamlLoader)  # a SafeLoader subclass
    except RecursionError:
        raise ValueError(_TOO_DEEP.format("YAML")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{where}not valid YAML: {problem}") from None


def build(data: Any) -> BlueAlert:
    """The BlueAlert described by ``data``; raises InvalidContentError naming every field."""
    if not isinstance(data, dict):
        from .._errors import Problem

        if data is None:
            kind = "null (or only comments)"
        elif isinstance(data, bool):
            kind = "true/false"
        elif isinstance(data, (int, float)):
            kind = "a number"
        elif isinstance(data, str):
            kind = "a string"
        elif isinstance(data, list):
            kind = "a list"
        else:
            kind = f"a {type(data).__name__}"
        raise InvalidContentError(
            [Problem("", f"the input is {kind}, not an object of fields (name: value pairs; "
                     "'bluealert-cap schema' lists them)")],
            what="BlueAlert",
        )
    result: BlueAlert = BlueAlert.model_validate(data)
    return result


def run_compose(args: argparse.Namespace) -> int:
    """Compose, optionally check and sign, and write the message; returns the exit status."""
    name = STDIN_NAME if args.input == "-" else args.input
    if not args.sign:
        unused = [
            option for option in getattr(args, "signing_options", ())
            if getattr(args, option[2:].replace("-", "_"), None)
        ]
        if unused:
            print(f"compose: {', '.join(unused)} given without --sign; add --sign to sign the "
                  "message (nothing was written)", file=sys.stderr)
            return 2
    try:
        data = load_input(args.input)
    except ValueError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    try:
        blue = build(data)
    except InvalidContentError as exc:
        for problem in exc.problems:
            where = problem.location or "(input)"
            print(f"{name}: {where}: {problem.message}", file=sys.stderr)
        n = len(exc.problems)
        print(f"{name}: {n} problem{'s' if n != 1 else ''}; nothing composed", file=sys.stderr)
        return 2
    alert = blue.to_cap()
    xml = alert.to_xml(pretty=args.pretty)
    if args.sign:
        if not getattr(args, "key", None) or not getattr(args, "cert", None):
            print("compose: --sign needs --key and --cert", file=sys.stderr)
            return 2
        try:
            from ._sign import sign_with_args

            xml = sign_with_args(xml, args)
        except CapError as exc:
            print(f"compose: cannot sign: {exc}", file=sys.stderr)
            return 2
    status = 0
    if args.check:
        from .._validation import validate

        report = validate(xml, profile="bluealert")
        for f in report.findings:
            print(f"{name}: {f.severity} {f.rule} {f.xpath}: {f.message}", file=sys.stderr)
        if any(f.severity == "error" for f in report.findings):
            status = 1
    if args.output and args.output != "-":
        try:
            write_output(args.output, xml)
        except OSError as exc:
            print(f"compose: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        out = sys.stdout.buffer
        out.write(xml)
        if not xml.endswith(b"\n"):
            out.write(b"\n")
        out.flush()
    return status


def input_schema() -> dict[str, Any]:
    """The JSON Schema of compose's input."""
    schema: dict[str, Any] = BlueAlert.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Blue Alert (bluealert-cap compose input)"
    return schema


def run_schema(args: argparse.Namespace) -> int:
    """Print the input JSON Schema."""
    print(json.dumps(input_schema(), indent=2, ensure_ascii=False))
    return 0
