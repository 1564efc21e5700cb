"""Logs that say who did what: one line per request (logger `antq.request`: method, path, status, duration in ms),
and in every line written while a request or a task runs its request id and user id (and, in a task, the task's
name and id). The request id is the client's or the proxy's X-Request-ID when it is sane, else a new one; it is
echoed in the response's X-Request-ID and carried in the headers of the tasks the request queues, so that a report's
generation logs under the id of the request that asked for it.

The format is settings.ANTQ_LOG_FORMAT: "json" (one JSON object a line, production) or "plain" (text, `make run`
and the tests). The worker and beat log the same way (Celery's setup_logging signal below)."""

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun
from django.utils.functional import LazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# What proxies and load balancers send (nginx's $request_id, UUIDs...); anything else is replaced, so that a client
# cannot write spaces, quotes or control characters into the logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
TASK_HEADERS = {"request_id": "antq_request_id", "user_id": "antq_user_id"}

request_logger = logging.getLogger("antq.request")
# {"request_id", "request" (the HttpRequest, for its user once known) | "user_id", "task_id", "task_name"}
_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("antq_log_context", default=None)


def _user_id(context: dict) -> int | None:
    if "user_id" in context:
        return context["user_id"]
    user = getattr(context.get("request"), "user", None)
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return None  # not looked up by the request (yet): a log line must not query the database for it
    return user.pk if user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    """Gives every record request_id, user_id, task_name and task_id (None outside a request or task), and
    `request_tag`, the same as text for the plain format (" [<request id> user=<id>]", or nothing)."""

    def filter(self, record):
        context = _context.get() or {}
        record.request_id = context.get("request_id")
        record.user_id = _user_id(context)
        record.task_name = context.get("task_name")
        record.task_id = context.get("task_id")
        tag = " ".join(str(part) for part in (
            record.request_id, record.user_id is not None and f"user={record.user_id}",
            record.task_name and f"task={record.task_name}[{record.task_id}]") if part)
        record.request_tag = f" [{tag}]" if tag else ""
        return True


class RequestLogMiddleware:
    """The request id, and the request's line once the response is ready (after WhiteNoise: static files are not
    logged)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = _context.set({"request_id": request_id, "request": request})
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            request_logger.info("%s %s %s %sms", request.method, request.path, response.status_code, duration_ms,
                                extra={"method": request.method, "path": request.path,
                                       "status": response.status_code, "duration_ms": duration_ms})
            return response
        finally:
            _context.reset(token)


# --- Celery: the worker's and beat's logs, and the request id carried into tasks ------------------------------------

@setup_logging.connect
def _log_as_the_web_does(loglevel=None, **kwargs):
    """The worker and beat use settings.LOGGING (JSON lines in production) instead of Celery's own format; their
    --loglevel still applies."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


@before_task_publish.connect
def _pass_request_id(headers=None, **kwargs):
    context = _context.get()
    if not context or headers is None:
        return
    values = {"request_id": context.get("request_id"), "user_id": _user_id(context)}
    for key, header in TASK_HEADERS.items():
        if values[key] is not None:
            headers.setdefault(header, values[key])


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _enter_task(task_id=None, task=None, **kwargs):
    request = task.request
    eager_headers = getattr(request, "headers", None) or {}  # a worker makes them attributes; apply() keeps them
    outer = _context.get()  # a task applied inside a request keeps the request's id and user
    inherited = {"request_id": outer.get("request_id"), "user_id": _user_id(outer)} if outer else {}

    def header(key):
        return (getattr(request, TASK_HEADERS[key], None) or eager_headers.get(TASK_HEADERS[key])
                or inherited.get(key))

    _task_tokens[task_id] = _context.set({"request_id": header("request_id"), "user_id": header("user_id"),
                                          "task_id": task_id, "task_name": task.name})


@task_postrun.connect
def _leave_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            _context.reset(token)
        except ValueError:  # ended in another context than it started in
            _context.set(None)
