"""The limits the validator itself keeps, defined once: the command line adds its own (``validator.cli``)."""

# Deeper documents are reported (``nesting-depth``), not validated: no response of this API nests more than
# about a dozen levels, and the recursive schema validator would exhaust the interpreter's stack.
MAX_DEPTH = 100

# Python refuses to turn integers of more than 4300 digits (about 14,000 bits) into text.
PRINTABLE_INTEGER_BITS = 14_000
