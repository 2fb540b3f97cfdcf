"""The ``trackrecord`` command: one group, a module per command, errors become output here."""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

from trackrecord import __version__
from trackrecord.cli.browse import articles, judgments, show
from trackrecord.cli.demo_cmd import demo
from trackrecord.cli.eval_cmd import eval_command
from trackrecord.cli.export_cmd import export
from trackrecord.cli.extract_cmd import extract, remap
from trackrecord.cli.import_cmd import import_
from trackrecord.cli.ingest_cmd import ingest
from trackrecord.cli.link_cmd import link, resolve, unlink
from trackrecord.cli.question_cmd import question
from trackrecord.cli.scale_cmd import load, run
from trackrecord.cli.score_cmd import score
from trackrecord.cli.store_cmd import migrate
from trackrecord.cli.web_cmd import serve, token, user
from trackrecord.errors import TrackrecordError


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
        code = cli.main(args=argv, prog_name="trackrecord", standalone_mode=False)
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
        reason = str(exc.orig or exc).strip().splitlines()[0]
        click.echo(
            f"Error: the store failed: {reason}; the unfinished write was rolled back, "
            "run the command again once that is fixed",
            err=True,
        )
        return 2
    except BrokenPipeError:
        # `trackrecord judgments | head` closed our stdout: not an error of ours.
        sys.stderr.close()
        return 0
    # Without standalone mode click returns the exit code of --help, --version and ctx.exit().
    return code if isinstance(code, int) else 0


def entry_point() -> None:
    """Console-script entry point."""
    sys.exit(main())
