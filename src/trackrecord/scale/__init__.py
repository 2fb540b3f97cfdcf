"""Scale out: extraction on a Dask cluster, corpus runs to Parquet, and bulk loads into a store.

`open_client` connects to a cluster (an existing scheduler, or a local one of N processes);
`extract_on_cluster` extracts stored articles on it; `run_corpus` reads WARC, JSON Lines and
folder shards straight from files on the workers and writes Parquet; `load_run` bulk-loads that
output into a store through one writer. Dask and pyarrow come with ``trackrecord[scale]``.
"""

from trackrecord.scale.cluster import ClusterError, check_address, open_client, require_dask

# Everything below needs the `scale` extra: say which one, not a traceback of an ImportError.
require_dask()

from trackrecord.scale.extract import extract_on_cluster  # noqa: E402
from trackrecord.scale.load import LoadReport, load_run  # noqa: E402
from trackrecord.scale.run import RunReport, check_run, run_corpus  # noqa: E402

__all__ = [
    "ClusterError",
    "LoadReport",
    "RunReport",
    "check_address",
    "check_run",
    "extract_on_cluster",
    "load_run",
    "open_client",
    "run_corpus",
]
