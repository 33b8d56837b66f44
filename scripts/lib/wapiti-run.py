"""Debian's wapiti 3.0.4, with one fix, for scripts/security-scan.ts.

wapiti 3.0.4 turns each -x (exclude) URL into a regular expression ending in `\\Z(?ms)`; Python 3.11
refuses global flags anywhere but at the start, so any -x crashes the crawler at its first page (Debian 12
ships both). Fixed upstream in later wapiti releases; here the same function is replaced by one that puts
the flags first, and wapiti runs as /usr/bin/wapiti would. Arguments are wapiti's.
"""
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402  (after the fix, as wapiti's own entry point does)

sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
