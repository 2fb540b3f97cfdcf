"""Connecting to a Dask cluster: an existing scheduler by address, or a local one of N processes.

This is the one place that starts or joins a cluster, so it is also where Dask's own warnings and
connection errors become trackrecord's: a malformed address is a usage error, an unreachable
scheduler a `ClusterError` naming the address.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from trackrecord.batch import check_workers
from trackrecord.errors import TrackrecordError, UsageError

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = "pip install 'trackrecord[scale]'"
DEFAULT_CONNECT_TIMEOUT = 10.0

_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$")


class ClusterError(TrackrecordError):
    """The Dask cluster cannot be reached or started, or Dask is not installed."""

    http_status = 503


def check_address(address: str) -> str:
    """The scheduler address as Dask takes it, or a usage error saying what one looks like.

    ``HOST:PORT`` is read as ``tcp://HOST:PORT``.

    Raises:
        UsageError: `address` is not ``tcp://HOST:PORT`` or ``tls://HOST:PORT``.
    """
    given = address.strip()
    full = given if "://" in given else f"tcp://{given}"
    match = _ADDRESS.match(full)
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise UsageError(
            f"--dask {address!r} is not a scheduler address; give one like tcp://HOST:8786 "
            "(what `dask scheduler` prints)"
        )
    return full


def require_dask() -> None:
    """Import Dask's distributed scheduler, or say which extra brings it.

    Raises:
        ClusterError: dask[distributed] or pyarrow is not installed (the `scale` extra).
    """
    try:
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ClusterError(
            f"running on Dask (--dask, --workers, run, load) needs {exc.name}: {INSTALL_HINT}"
        ) from None


@contextmanager
def open_client(
    address: str | None = None,
    *,
    workers: int | None = None,
    connect_timeout: float | None = None,
) -> Iterator[Client]:
    """A Dask client for the cluster at `address`, or for a local cluster of `workers` processes.

    A local cluster runs one single-threaded worker process per `workers` (extraction holds the
    GIL, so threads would not help), with no dashboard; it is shut down when the block ends.

    Args:
        address: a scheduler address (``tcp://HOST:PORT``); None for a local cluster.
        workers: processes of the local cluster (ignored with `address`).
        connect_timeout: seconds to wait for the scheduler to answer, and then for at least
            one of its workers to join, before giving up (None: `DEFAULT_CONNECT_TIMEOUT`).

    Raises:
        UsageError: a malformed address, or more `workers` than `batch.max_workers`.
        ClusterError: Dask is not installed, the scheduler does not answer in time, or it has
            no worker in time (tasks would wait for one forever).
    """
    if address is not None:
        address = check_address(address)
    else:
        check_workers(workers)
    if connect_timeout is None:
        connect_timeout = DEFAULT_CONNECT_TIMEOUT
    require_dask()
    from distributed import Client, LocalCluster

    if address is None:
        with _dask_housekeeping():
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                scheduler_port=0,
                # The scheduler always serves HTTP (health checks, the dashboard if installed);
                # its default port 8787 is often taken, and Dask then leaks the socket of the
                # failed attempt. A free port on loopback avoids both.
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
            try:
                client = Client(cluster)  # type: ignore[no-untyped-call]
            except BaseException:
                cluster.close()
                raise
        try:
            yield client
        finally:
            with _dask_housekeeping():
                client.close()  # type: ignore[no-untyped-call]
                cluster.close()
        return
    try:
        with _dask_housekeeping():
            client = Client(address, timeout=connect_timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} within {connect_timeout:g} s "
            f"({type(exc).__name__}); check that `dask scheduler` runs there and the port "
            "is open"
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=connect_timeout)
        except TimeoutError:
            raise ClusterError(
                f"the Dask scheduler at {address} has no workers (none joined within "
                f"{connect_timeout:g} s); start some with `dask worker {address}`, or raise "
                "--connect-timeout"
            ) from None
        yield client
    finally:
        with _dask_housekeeping():
            client.close()  # type: ignore[no-untyped-call]


@contextmanager
def _dask_housekeeping() -> Iterator[None]:
    """Silence what Dask warns about its own housekeeping while a cluster starts and stops.

    A port taken, so another is used; workers closing while the client still holds their comm;
    the memory limit it picked. None of it is the user's business, and under pytest's
    filterwarnings=error it would turn a working run into a failure. Only these modules'
    UserWarnings and RuntimeWarnings are silenced, and only while a client or cluster is made
    or closed: what Dask warns about during the run itself is still shown.
    """
    with warnings.catch_warnings():
        for module in (r"distributed(\..*)?", r"tornado(\..*)?"):
            warnings.filterwarnings("ignore", category=UserWarning, module=module)
            warnings.filterwarnings("ignore", category=RuntimeWarning, module=module)
        yield
