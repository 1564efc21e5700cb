from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 100


def depth_of(data) -> int:
    """How deep lists and objects nest in parsed JSON (a scalar: 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, which recurses: a body nested a thousand deep raised RecursionError, a server error. No
    record of the API nests deeper than a few levels, so a body deeper than MAX_DEPTH is refused with 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:  # DRF's message is English and names Python's decoder
            raise ParseError(_("The body is not valid JSON: %(detail)s")
                             % {"detail": str(exc.detail).removeprefix("JSON parse error - ")}) from None
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = depth_of(data) > MAX_DEPTH
        if too_deep:
            raise ParseError(_("The JSON body is nested too deeply (at most %(depth)s levels).")
                             % {"depth": MAX_DEPTH})
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser, refusing a body from which no field can be read (parts without a name are skipped
    silently by Django's parser: a malformed body read as an empty update and answered 200)."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        if not result.data and not result.files:
            raise ParseError(_("No field could be read from the multipart/form-data body."))
        return result
