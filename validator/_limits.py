"""The limits the validator itself keeps, defined once: the command line adds its own (``validator.cli``)."""

# Deeper documents are reported (``nesting-depth``), not validated: no response of this API nests more than
# about a dozen levels, and the recursive schema validator would exhaust the interpreter's stack.
MAX_DEPTH = 100

# Python refuses to turn integers of more than 4300 digits (about 14,000 bits) into text.
PRINTABLE_INTEGER_BITS = 14_000

# Integers are kept exact up to this many digits, in raw text and parsed values alike. Converting decimal
# digits costs more than linear time, so a longer integer is reported (``integer-too-long``) and not
# converted: no value of this API needs more than 19 digits, and this bound keeps each document's cost
# linear in its size.
MAX_INTEGER_DIGITS = 10_000

# How many findings one document reports by default (``max_findings``): a document with a million unknown keys
# would otherwise yield a million findings, and hold them all in memory at once.
DEFAULT_MAX_FINDINGS = 1000
