from celery import shared_task


@shared_task
def ping() -> str:
    """Answers "pong": lets an operator (and the tests) check that a worker takes jobs from the broker."""
    return "pong"
