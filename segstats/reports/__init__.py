"""The reports: parameterised notebooks run by papermill and printed to PDF, and what they show.

Modules: ``load`` (everything a report reads, validated once and cached), ``runner`` (papermill),
``printing`` (nbconvert → WeasyPrint), ``show`` (everything a reader sees), ``words`` (the texts in
each language), ``labels`` (table headers and chart words), ``plots``, ``maps`` (Linköping's DeSOs
on a map), ``whole_city`` (Linköping among the municipalities), ``fmt`` (numbers as a Swedish
reader writes them), ``citations``, ``tables`` (CSV/XLSX export), ``templates/`` (the nbconvert
template), ``district_pages`` and ``indicator_pages`` (those reports' sections as parts to show),
``pages`` (what they share), ``followup`` (the status report: the follow-up as a document),
``comparison`` (the follow-up year against the baseline).
"""
