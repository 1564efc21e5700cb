"""The API's JSON renderer: orjson (issue #20 part 2), the same JSON as DRF's JSONRenderer, several times faster.

DRF's renderer encodes with the standard library's `json` through an encoder class whose `default()` is called for
every value it does not know; on a page of 50 records that is a few milliseconds of pure Python. orjson encodes
the same structures in C. What it does not know natively goes through DRF's own encoder's `default()` — lazy
translations, dates and times (so a moment in UTC still ends in "Z", as DRF writes it), decimals, sets, querysets —
so that the bytes mean the same thing whichever renderer wrote them. Two cases stay with DRF's renderer: a client
asking for indented JSON (`Accept: application/json; indent=4`, and the browsable API's display), which orjson
does not do but with two spaces, and whatever orjson refuses (an integer beyond 64 bits): the answer is then
DRF's, never an error.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_ENCODER = JSONEncoder()
# Dates and times through DRF's encoder (its "Z" for UTC); subclasses of str, int, dict and list (DRF's error details,
# Django's choices, ReturnDict) as their base type, as the standard library writes them.
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _default(value):
    return _ENCODER.default(value)


class OrjsonRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            rendered = orjson.dumps(data, default=_default, option=OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: a text with U+2028 or U+2029 stays a valid JavaScript string literal.
        if b"\xe2\x80\xa8" in rendered or b"\xe2\x80\xa9" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return rendered
