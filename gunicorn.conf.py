"""gunicorn's settings file, read from the working directory (/app in the image) by every `gunicorn` command.

/metrics must count the requests of every worker process, whichever one answers the scrape: prometheus-client's
multiprocess mode, where each worker writes its counters into files of PROMETHEUS_MULTIPROC_DIR and /metrics adds
them up (antqcore.metrics). The folder is made here, empty, before any worker starts and before prometheus-client is
imported anywhere; the metrics of a worker that exits are kept (counters never go back), its live gauges dropped."""

import os
import shutil
import tempfile
from pathlib import Path

_made_here = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _made_here:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="antq-metrics-")
else:  # given by the operator: its metric files go, or the counts of an earlier server would be added in
    for stale in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_here:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
