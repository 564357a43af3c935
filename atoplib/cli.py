"""The ``atopnb`` command: ATOP counts, state-years, dyad-years and the report, without notebooks.

Examples::

    atopnb counts --provision defense                 # CSV year,count on stdout (the memo's Figure 1)
    atopnb counts --provision consult-only --data-dir ../shared/data/atop/4.01
    atopnb state-years -o state-years.csv             # ATOP's state-year layout, derived
    atopnb dyad-years -o ddyr.csv --cow-only          # directed dyad-years, as ATOP's ddyr rows
    atopnb info                                       # release, coverage, files and hashes, counts
    atopnb provisions                                 # the provision names counts accepts
    atopnb report --version 4.01 --data-dir /path/to/atop-4.01 -p start_year=1946
    atopnb report --force                             # re-execute everything, compare with the report

Every command takes the same common options (``--data-dir``, ``--version``, ``--base-data-dir``,
``--states-file``, ``--nmc-file``, ``--majors-file``); they and the environment are resolved once,
at start-up, into one :class:`atoplib.settings.Settings` that every layer reads. The data are found
as everywhere in atoplib: ``--data-dir``, else ``ATOP_DATA_DIR``, else the download cache, else the
official download. Expected problems print one line
``atopnb: error: …`` on stderr and exit with status 2 (no traceback); warnings print one line
``atopnb: warning: …``; Ctrl-C exits with status 130.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Sequence

from . import paths, settings
from .errors import AtopError, ParameterError
from .report import signals
from .files import atomic_write, one_line_os_errors

PROG = "atopnb"
EXIT_ERROR = 2
EXIT_DIFFERENT = 1
EXIT_INTERRUPTED = 130
#: The common options and the setting each gives.
COMMON_OPTIONS = {"data_dir": "--data-dir", "base_data_dir": "--base-data-dir", "states_file": "--states-file",
                  "nmc_file": "--nmc-file", "majors_file": "--majors-file"}


# --------------------------------------------------------------------------- output

def _say(kind: str, message: object) -> None:
    print(f"{PROG}: {kind}: {' '.join(str(message).split())}", file=sys.stderr, flush=True)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ARG001
    _say("warning", message)


def _protected(data, chosen) -> tuple[list, list]:
    """(files, folders) an output must never replace or join: the release's files, its zip, the
    checksum registry and the COW files; the release's folders."""
    files = list(data.release.files.values()) + [paths.REGISTRY_FILE]
    source = Path(str(data.release.source)).expanduser()
    if source.is_file():
        files.append(source)
    files += [p for p in (chosen.states_file, chosen.nmc_file, chosen.majors_file) if p is not None]
    folders = sorted({p.parent for p in data.release.files.values()})
    return files, folders


def _refuse_inside_inputs(output: str, chosen) -> None:
    """An output never lands inside the base release or the cache (both inputs)."""
    target = Path(os.path.realpath(Path(output).expanduser()))
    base = chosen.base_data_dir
    for what, folder in (("the base release", base), ("the cache folder", chosen.cache_dir)):
        if folder is None:
            continue
        real = Path(os.path.realpath(folder))
        if target == real or real in target.parents:
            raise ParameterError(f"output {output} is inside {what} {folder}; a run never writes into an input: "
                                 f"choose another output file")


def _write_csv(frame, output: str, data=None, chosen=None) -> None:
    """CSV to ``output`` (atomically) or to stdout when ``output`` is ``-``; an output is never
    one of the files being read (``data``'s release, the COW files, the base release, the cache)."""
    if output == "-":
        with one_line_os_errors(stdout=True):
            frame.to_csv(sys.stdout, index=False, lineterminator="\n")
            sys.stdout.flush()
        return
    if data is not None:
        from .data.inputs import refuse_input_overwrite

        refuse_input_overwrite(output, *_protected(data, chosen), what=f"ATOP {data.version} being read")
        _refuse_inside_inputs(output, chosen)
    target = atomic_write(output, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
    print(f"{PROG}: wrote {target} ({len(frame):,} rows)", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- commands

def _load(args, chosen):
    from .data.tables import load_atop

    return load_atop(chosen.data_dir, args.version)


def cmd_counts(args, chosen) -> int:
    from .measures.trends import counts_by_year

    data = _load(args, chosen)
    frame = counts_by_year(data, args.provision, args.start_year, args.end_year)
    _write_csv(frame, args.output, data, chosen)
    return 0


def cmd_state_years(args, chosen) -> int:
    from .measures.stateyears import state_years, state_years_wide

    data = _load(args, chosen)
    frame = state_years(data, args.start_year, args.end_year, include_non_cow=not args.cow_only)
    _write_csv(state_years_wide(frame, data.version), args.output, data, chosen)
    return 0


def cmd_dyad_years(args, chosen) -> int:
    from .measures.dyads import dyad_years
    from .measures.stateyears import state_years_wide

    data = _load(args, chosen)
    frame = dyad_years(data, args.start_year, args.end_year, include_non_cow=not args.cow_only)
    _write_csv(state_years_wide(frame, data.version), args.output, data, chosen)
    return 0


def cmd_partners(args, chosen) -> int:
    from .measures.dyads import partners_by_year

    data = _load(args, chosen)
    frame = partners_by_year(data, args.provision, args.direction, args.start_year, args.end_year)
    _write_csv(frame, args.output, data, chosen)
    return 0


def cmd_info(args, chosen) -> int:
    from .measures.trends import counts_by_year

    data = _load(args, chosen)
    summary = data.summary()
    last = data.last_year
    summary["in_force_in_last_year"] = {
        name: int(counts_by_year(data, name, last, last)["count"].iloc[0])
        for name in ("any", "defense", "consult-only", "consult-nonagg")
    }
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=False))
        return 0
    verified = summary["checksums_verified"]
    lines = [
        f"ATOP release     {summary['version']}",
        f"source           {summary['source']}",
        f"format           {summary['format']}",
        f"files used       {summary['files_used']}",
        f"coverage         {summary['coverage']}",
        f"alliances        {summary['alliances']:,} ({summary['in_force_at_end']:,} still in force at the end of {last})",
        f"member rows      {summary['member_rows']:,} ({summary['members']:,} distinct members)",
        f"in force {last}    " + ", ".join(f"{k} {v}" for k, v in summary["in_force_in_last_year"].items()),
        "checksums        " + ("verified against data/registry.csv" if verified else
                               "NOT verified (verification turned off: ATOP_VERIFY=0)" if summary["verification"] != "on"
                               else "NOT verified (no pinned hashes for this release)"),
        f"consistency      {summary['consistency']}",
        "files (sha256)",
    ]
    lines += [f"  {name:<22} {digest}" for name, digest in summary["files"].items()]
    print("\n".join(lines))
    return 0


def cmd_provisions(args, chosen) -> int:
    from .measures.provisions import provisions

    table = provisions()
    if args.csv:
        _write_csv(table, "-")
        return 0
    width = max(len(n) for n in table["name"]) + 2
    rule_width = max(len(r) for r in table["rule"]) + 2
    for row in table.itertuples(index=False):
        print(f"{row.name:<{width}}{row.rule:<{rule_width}}{row.label}")
    return 0


def _parse_parameters(pairs: Sequence[str]) -> dict[str, str]:
    parameters: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"parameter '{pair}' must be written name=value, e.g. -p start_year=1946")
        if name.strip() in parameters:
            raise ParameterError(
                f"parameter {name.strip()} is given twice (-p {name.strip()}={parameters[name.strip()]} and "
                f"-p {name.strip()}={value.strip()}); give it once"
            )
        parameters[name.strip()] = value.strip()
    return parameters


def cmd_report(args, chosen) -> int:
    from .report import compare
    from .report.run import ReplicationError, report

    if args.output_root:
        chosen = chosen.replace(reports_dir=args.output_root)
    try:
        outcome = report(chosen, version=args.version, notebooks=args.notebook or None,
                         parameters=_parse_parameters(args.parameter), jobs=args.jobs,
                         progress=not args.no_progress, force=args.force)
    except ReplicationError as err:
        print(compare.table(err.rows), flush=True)
        _say("error", err)
        return EXIT_DIFFERENT
    if outcome.rows is not None:
        print(compare.table(outcome.rows))
    print(outcome.folder)
    return 0


# --------------------------------------------------------------------------- parser

def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a year such as 1945") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="ATOP alliance data from the command line: counts, state-years, dyad-years, the report.",
        epilog="Data: --data-dir, else ATOP_DATA_DIR, else the download cache, else the official 5.1 download.",
    )
    parser.add_argument("-V", "--atoplib-version", action="version", version=f"%(prog)s (atoplib) {_package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data-dir", metavar="D", help="folder or zip of an ATOP release (default: ATOP_DATA_DIR)")
    data.add_argument("--version", metavar="V", help="ATOP release, e.g. 5.1 or 4.01 (default: the one found)")
    data.add_argument("--base-data-dir", metavar="D", help="the release to compare with (default: ATOP_BASE_DATA_DIR)")
    data.add_argument("--states-file", metavar="F", help="COW states2016.csv (default: COW_STATES_FILE)")
    data.add_argument("--nmc-file", metavar="F", help="COW NMC-60-abridged.csv (default: COW_NMC_FILE)")
    data.add_argument("--majors-file", metavar="F", help="COW majors2016.csv (default: COW_MAJORS_FILE)")
    years = argparse.ArgumentParser(add_help=False)
    years.add_argument("--start-year", type=_year, metavar="Y", help="first year (default: start of coverage)")
    years.add_argument("--end-year", type=_year, metavar="Y", help="last year (default: end of coverage)")

    p = commands.add_parser("counts", parents=[data, years], help="alliances in force each year under a provision (CSV year,count)")
    p.add_argument("--provision", default="defense", help="provision name (see `atopnb provisions`; default: defense)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="write the CSV here instead of stdout")
    p.set_defaults(run=cmd_counts)

    for name, run, what in (
        ("state-years", cmd_state_years, "one row per allied state and year, in ATOP's state-year layout"),
        ("dyad-years", cmd_dyad_years, "directed dyad-years: A's obligations to B each year"),
    ):
        p = commands.add_parser(name, parents=[data, years], help=what)
        p.add_argument("-o", "--output", required=True, metavar="FILE", help="CSV file to write ('-' for stdout)")
        p.add_argument("--cow-only", action="store_true", help="drop members without a COW code (e.g. 8152), as ATOP's own files do")
        p.set_defaults(run=run)

    p = commands.add_parser("partners", parents=[data, years], help="distinct partners per state-year under a provision (CSV year,ccode,partners)")
    p.add_argument("--provision", default="defense", help="provision name (default: defense)")
    p.add_argument("--direction", default="any", choices=("any", "promised_by", "promised_to"), help="who promises whom (default: any)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="write the CSV here instead of stdout")
    p.set_defaults(run=cmd_partners)

    p = commands.add_parser("info", parents=[data], help="release, coverage, files and their sha256, counts, verified or not")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(run=cmd_info)

    p = commands.add_parser("provisions", parents=[data], help="list the provision names counts and partners accept")
    p.add_argument("--csv", action="store_true", help="print CSV (name,label,rule,description)")
    p.set_defaults(run=cmd_provisions)

    p = commands.add_parser("report", parents=[data], help="run the notebook collection into reports/atop-<version>/")
    p.add_argument("--jobs", type=_jobs, default=2, metavar="N", help="notebooks run in parallel (default: 2)")
    p.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                   help="notebook parameter, repeatable (e.g. -p start_year=1946)")
    p.add_argument("--notebook", action="append", default=[], metavar="NAME",
                   help="run only this notebook (repeatable; default: all)")
    p.add_argument("-o", "--output-root", metavar="DIR", help="folder for atop-<version>/ (default: ATOP_REPORTS_DIR or reports/)")
    p.add_argument("--force", action="store_true",
                   help="re-execute every notebook whatever the cache holds, then compare with the report in place "
                        "(exit status 1 on a difference; make replicate)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=cmd_report)
    return parser


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("atop-notebooks")
    except Exception:  # not installed (running from a checkout)
        return "0.1.0"


# --------------------------------------------------------------------------- entry point

def _settings(args):
    """The one resolution of every setting: the common options first, then the environment."""
    return settings.Settings.resolve(**{name: getattr(args, name, None) for name in COMMON_OPTIONS})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``atopnb`` command; return the exit status (0 ok, 2 error, 130 interrupted, 128 +
    the signal's number when terminated). An ``OSError`` anywhere (disk full, permission denied,
    not a folder, …) is one line, as is SIGTERM (``timeout``, a cancelled CI job), which unwinds
    like Ctrl-C so temporary files are removed. A Ctrl-C after the work is done is ignored.
    Importing this module loads nothing heavy: pandas and the rest load inside the command, where
    a Ctrl-C is caught."""
    signals.quiet_interrupt_at_startup()
    try:
        return _main(argv)
    finally:
        signals.ignore_late_interrupt()


def _main(argv: Sequence[str] | None) -> int:
    signals.restore_interrupt()  # Ctrl-C while importing was answered by signals; from here on, we catch it
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        previous = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.filterwarnings("ignore", category=DeprecationWarning)
                warnings.showwarning = _show_warning
                with signals.sigterm_as_interrupt(), one_line_os_errors():
                    chosen = _settings(args)
                    with settings.using(chosen):
                        return int(args.run(args, chosen) or 0)
        finally:
            warnings.showwarning = previous
    except KeyboardInterrupt as err:
        message, status = signals.interrupted_status(err)
        _say("error", message)
        return status
    except BrokenPipeError:
        # the reader went away (e.g. `atopnb counts | head`): stop quietly; point stdout at devnull so
        # the interpreter's final flush does not fail again (Python docs, "Note on SIGPIPE")
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
            pass
        return 0
    except Exception as err:
        if isinstance(err, AtopError):
            _say("error", err)
            return EXIT_ERROR
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
