from celery import shared_task


@shared_task
def ping() -> str:
    """Answers "pong": lets an operator (and the tests) check that a worker takes jobs from the broker."""
    return "pong"


@shared_task(name="antqcore.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Sent by Celery beat every minute (migration antqcore 0006). It does nothing: its run, recorded like every task's
    (antqcore.metrics), is the worker's sign of life that /healthz reads (antqcore.health.worker_check)."""


@shared_task(acks_late=False, ignore_result=True)
def backup_nightly() -> dict:
    """The nightly backup (Celery beat, 02:00): one archive into ANTQ_BACKUP_DIR, then the archives past the retention
    rule are deleted. A failed backup deletes nothing. Acknowledged on receipt: a worker lost in the middle of a long
    backup does not start a second one (its leftovers are cleared by the next)."""
    import logging

    from antqcore import backup

    try:
        result = backup.backup_create()
    except Exception:
        logging.getLogger("antq.backup").exception("Nightly backup FAILED: no archive written, none deleted")
        raise
    deleted = backup.backup_retention_apply(directory=result.path.parent)
    return {"archive": str(result.path), "deleted": [str(p) for p in deleted]}
