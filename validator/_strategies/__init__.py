"""Hypothesis strategies for the analyze-job status response; the public face is ``validator.strategies``.

Modules, from the bottom up: ``_vocabulary`` (task kinds, statuses, argument checks), ``_values`` (ids,
timestamps, scores), ``_texts`` (document texts and their spans), ``_results`` (one task's result for one
document), ``_plan`` (a whole job drawn once), ``_render`` (a job's response at one moment) and ``_jobs`` (the
valid strategies); ``_pointers``, ``_mutation``, ``_mutations``, ``_request_mutations`` and ``_invalid`` (the
invalid strategies); ``_schema_fuzz`` (hypothesis-jsonschema); ``_sampling`` (examples for the command line).
"""
