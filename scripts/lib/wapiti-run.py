"""Debian's wapiti 3.0.4, with one fix, for scripts/security-scan.ts.

wapiti 3.0.4 turns each -x (exclude) URL into a regular expression ending in `\\Z(?ms)`; Python 3.11
refuses global flags anywhere but at the start, so any -x crashes the crawler at its first page (Debian 12
ships both). Fixed upstream in later wapiti releases; here the same function is replaced by one that puts
the flags first, and wapiti runs as /usr/bin/wapiti would. Arguments are wapiti's.
"""
import re
import sys
from importlib.metadata import entry_points

try:
    import wapitiCore.net.crawler as crawler
except ImportError:  # a later wapiti, laid out differently (and without the bug): run it as it is
    crawler = None


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


if crawler is not None and hasattr(crawler, "wildcard_translate"):
    crawler.wildcard_translate = wildcard_translate

# wapiti's own console script, whatever module it lives in (after the fix, as /usr/bin/wapiti would run it).
main = next(e for e in entry_points(group="console_scripts") if e.name == "wapiti").load()
sys.argv[0] = "wapiti"
sys.exit(main())
