"""The package version (read by the build backend) and the revision of the shipped contract schemas."""

__version__ = "0.1.0"

# Bumped whenever a shipped schema changes what it accepts, so reports can say which contract judged them.
SCHEMA_REVISION = "1"
