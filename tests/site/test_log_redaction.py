"""Whatever a library logs, emails and mobile numbers are masked before the line is written."""

import logging
import sys

from config.log_filters import RedactPersonalData


def _written(message, *args, exc=None):
    record = logging.LogRecord("wagtail.admin.mail", logging.ERROR, __file__, 1, message, args, None)
    if exc is not None:
        try:
            raise exc
        except type(exc):
            record.exc_info = sys.exc_info()
    RedactPersonalData().filter(record)
    return logging.Formatter().format(record)


def test_a_recipient_address_in_a_librarys_message_is_masked():
    line = _written("Failed to send notification email '%s' to %s", "审核通知", "zhang.san@example.cn")
    assert "zhang.san@example.cn" not in line
    assert "审核通知" in line


def test_mobile_numbers_and_addresses_in_a_traceback_are_masked():
    line = _written("mail failed", exc=ConnectionError("rejected RCPT 13912345678 <li.si@shuili.gov.cn>"))
    assert "13912345678" not in line and "li.si@shuili.gov.cn" not in line
    assert "ConnectionError" in line


def test_ordinary_lines_are_untouched():
    assert _written("reindexed %s pages in %s s", 1200, 3.5) == "reindexed 1200 pages in 3.5 s"
