"""Hypothesis strategies for the analyze-job status response; the public face is ``validator.strategies``.

Modules, from the bottom up: ``_vocabulary`` (task kinds, statuses, argument checks), ``_values`` (ids,
timestamps, scores), ``_document_texts`` (document texts and their spans), ``_results`` (one task's result for
one document), ``_plan`` (a whole job drawn once), ``_render`` (a job's response at one moment),
``_example_values`` (the values drawn: ``Exchange`` and the labelled near misses) and ``_jobs`` (the valid
strategies); ``_places`` (pointers over documents), ``_aim`` (pointer patterns, ``pointers=``), ``_picking``
(where a mutation changes a document), ``_mutation_types``, ``_schema_mutations``, ``_job_state_mutations``,
``_exchange_mutations`` and ``_invalid`` (the invalid strategies); ``_schema_fuzz`` and
``_hypothesis_jsonschema_compat`` (hypothesis-jsonschema).
"""
