"""``bluealert-cap preview FILE [--station ID] [--geojson OUT]``: what receivers make of an
alert — the EAS SAME header and text crawl, and the WEA texts as a handset shows them.

Works on any CAP 1.2 alert (composed or received). Exit status 0, or 2 when the file cannot be
read as CAP 1.2 or the station id is unusable.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from .._bluealert._preview import check_station, eas_crawl, geojson, same_header, wea_views
from .._codec import parse
from .._errors import CapError
from ._io import read_input

DEFAULT_STATION = "NOCALL"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``preview`` subcommand."""
    p = subparsers.add_parser(
        "preview",
        help="show the EAS SAME header, EAS text crawl and WEA texts a CAP alert produces",
        description=(
            "Preview a CAP 1.2 alert as EAS encoders and WEA handsets would present it: the "
            "SAME header (ZCZC-ORG-EEE-PSSCCC+TTTT-JJJHHMM-LLLLLLLL-), the EAS text crawl "
            "and the WEA texts. --geojson writes the target areas (circles as polygons)."
        ),
    )
    p.add_argument("file", metavar="FILE", help="a CAP 1.2 file, or - for stdin")
    p.add_argument("--station", default=DEFAULT_STATION, metavar="ID",
                   help=f"the EAS station id for the header's LLLLLLLL field, up to 8 "
                   f"characters (default: {DEFAULT_STATION})")
    p.add_argument("--geojson", metavar="OUT",
                   help="write the target areas as a GeoJSON FeatureCollection to OUT")
    p.add_argument("--width", type=int, default=78, metavar="N",
                   help="wrap long texts at N columns (0: no wrapping; default 78)")
    p.set_defaults(func=run)


def _wrap(text: str, width: int, indent: str = "  ") -> str:
    if width <= 0:
        return indent + text
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def run(args: argparse.Namespace) -> int:
    """Print the preview; returns the exit status."""
    try:
        check_station(args.station)
    except ValueError as exc:
        print(f"preview: {exc}", file=sys.stderr)
        return 2
    name = "<stdin>" if args.file == "-" else args.file
    try:
        source = read_input("-") if args.file == "-" else Path(args.file)
        alert = parse(source)
    except CapError as exc:
        print(f"{name}: cannot read as CAP 1.2: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 2
    header = same_header(alert, args.station)
    out: list[str] = [
        f"{alert.msg_type.value} {alert.identifier} from {alert.sender} "
        f"(status {alert.status.value})",
        "",
        "EAS SAME header:",
        f"  {header.text}",
        f"  originator {header.originator}, event {header.event}, "
        f"{len(header.locations)} location(s), purge +{header.purge}, issued {header.issued} "
        "(day of year, UTC)",
    ]
    out.extend(f"  note: {n}" for n in header.notes)
    out += ["", "EAS text crawl:", _wrap(eas_crawl(alert, args.station), args.width)]
    for view in wea_views(alert):
        cls = view.handling or "no WEAHandling"
        out += ["", f"WEA [{view.language}] ({cls}):"]
        if view.short is not None:
            out += [f"  90 ({len(view.short)} chars):", _wrap(view.short, args.width, "    ")]
        if view.long is not None:
            out += [f"  360 ({len(view.long)} chars):", _wrap(view.long, args.width, "    ")]
        out.extend(f"  note: {n}" for n in view.notes)
    if not alert.infos:
        out += ["", "WEA: the alert has no <info>, no WEA text"]
    print("\n".join(out))
    if args.geojson:
        data = json.dumps(geojson(alert), indent=2, ensure_ascii=False)
        try:
            Path(args.geojson).write_text(data + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"preview: cannot write {args.geojson}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 2
    return 0
