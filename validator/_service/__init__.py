"""The fake analyze service behind ``ta-contract serve`` and ``validator.service.serve`` (private modules)."""
