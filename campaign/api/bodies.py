"""How the API reads a JSON body: strict JSON text, so what reaches validation is what the document describes.

Python's ``json`` module also reads ``NaN`` and ``Infinity``, which JSON does
not have, and strings with unpaired surrogates (``"\\ud800"``), which are no
text: both databases refuse to store such a string, as a server error. Either
makes the body unreadable here, answered 400 before anything is validated or
saved.
"""

import json

from ninja.parser import Parser


class UnreadableBody(ValueError):
    pass


def _refuse_constant(name):
    raise UnreadableBody(name)


def _refuse_surrogates(value):
    if isinstance(value, str):
        if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            raise UnreadableBody("unpaired surrogate")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key)
            _refuse_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_surrogates(item)


class StrictJSONParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body, parse_constant=_refuse_constant)
        _refuse_surrogates(data)
        return data
