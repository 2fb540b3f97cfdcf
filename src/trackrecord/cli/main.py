"""The ``trackrecord`` command: one group, a module per command, errors become output here."""

from __future__ import annotations

import os
import sys

import click
from sqlalchemy.exc import DatabaseError, OperationalError

from trackrecord import __version__
from trackrecord.cli.browse import articles, judgments, show
from trackrecord.cli.demo_cmd import demo
from trackrecord.cli.eval_cmd import eval_command
from trackrecord.cli.export_cmd import export
from trackrecord.cli.extract_cmd import extract, remap
from trackrecord.cli.import_cmd import import_
from trackrecord.cli.ingest_cmd import ingest
from trackrecord.cli.link_cmd import link, resolve, unlink
from trackrecord.cli.output import safe_streams
from trackrecord.cli.question_cmd import question
from trackrecord.cli.scale_cmd import load, run
from trackrecord.cli.score_cmd import score
from trackrecord.cli.store_cmd import migrate
from trackrecord.cli.web_cmd import serve, token, user
from trackrecord.errors import TrackrecordError, UsageError
from trackrecord.store import store_failure


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="trackrecord")
def cli() -> None:
    """Turn analysis and news articles into checkable forecasts, and keep score.

    Every command takes --db PATH_OR_URL (default: $TRACKRECORD_DB or ./trackrecord.db).
    Exit codes: 0 all done; 1 done with some inputs rejected (each listed); 2 usage error.
    """


for command in (
    ingest,
    extract,
    remap,
    articles,
    judgments,
    show,
    question,
    link,
    unlink,
    resolve,
    score,
    import_,
    export,
    demo,
    migrate,
    eval_command,
    serve,
    user,
    token,
    run,
    load,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; the one place errors become messages."""
    try:
        with safe_streams():
            return _run(argv)
    except BrokenPipeError:
        # `trackrecord judgments | head` closed our stdout: not an error of ours.
        sys.stderr.close()
        return 0


def _run(argv: list[str] | None) -> int:
    try:
        code = cli.main(args=_utf8_args(argv), prog_name="trackrecord", standalone_mode=False)
    except TrackrecordError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except OperationalError as exc:
        # The store failed under us (locked past the busy timeout, read-only, disk full,
        # connection lost): each write is one transaction, so the store is as it was before it.
        click.echo(
            f"Error: the store failed: {store_failure(exc)}; the unfinished write was rolled "
            "back, run the command again once that is fixed",
            err=True,
        )
        return 2
    except DatabaseError as exc:
        # Anything else the database refuses mid-command; on SQLite chiefly a damaged file.
        click.echo(f"Error: the store failed: {store_failure(exc)}", err=True)
        return 2
    except BrokenPipeError:
        raise  # handled in `main`, once the streams are the process's own again
    except OSError as exc:
        # A path the operating system refuses (a name too long, a folder we may not read) that
        # no command checked for: still one line naming it, not a traceback.
        name = str(exc.filename or "")
        where = f"{name if len(name) <= 200 else name[:199] + '…'}: " if name else ""
        click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        return 2
    # Without standalone mode click returns the exit code of --help, --version and ctx.exit().
    return code if isinstance(code, int) else 0


def _utf8_args(argv: list[str] | None) -> list[str]:
    """The arguments, each valid UTF-8 text or the name of an existing file.

    Bytes that are not UTF-8 reach Python as lone surrogates, which no store, page or terminal
    can take: an option's text holding one is refused here, once. A file name may be any bytes
    on POSIX, so an argument naming an existing path passes as it is.

    Raises:
        UsageError: an argument that holds NUL, or is not UTF-8 and names no existing path.
    """
    args = sys.argv[1:] if argv is None else argv
    for arg in args:
        if "\x00" in arg:  # never from a shell (argv cannot hold NUL), only from a caller
            raise UsageError("an argument holds a NUL character, which no option accepts")
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if not os.path.lexists(arg):
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
                raise UsageError(
                    f"argument {shown!r} is not valid UTF-8; give text in UTF-8"
                ) from None
    return args


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
