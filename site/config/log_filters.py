"""Personal data never reaches the logs, whoever writes the line.

Our code logs no addresses, but libraries do: Wagtail's mailer logs the
recipient of a notification it failed to send. This filter, on every
handler, masks email addresses and mainland mobile numbers in the message
and in its arguments before anything is written.
"""

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
MASK = "[已隐去 redacted]"


def redact(text):
    return MOBILE.sub(MASK, EMAIL.sub(MASK, text))


class RedactPersonalData(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
