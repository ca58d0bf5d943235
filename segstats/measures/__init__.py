"""The measures: the yearly follow-up reports and templates, read into one validated table with its lineage.

Modules, upstream first: ``followup`` (the report parser), ``template`` (the yearly template and
its import checks), ``lineage`` (how measures go on from one plan to the next), ``store``
(build, load and import the processed tables), ``analysis`` (status counts), ``compare``
(the follow-up year against the baseline).
"""
