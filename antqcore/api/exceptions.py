from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler; messages are already translated (the API speaks the request's language, Vietnamese by
    default). Kept as the one place to shape error bodies."""
    return drf_exception_handler(exc, context)
