"""The district indicators: a catalogue, geographies, source readers and SCB's API, into one validated table.

Modules, upstream first: ``catalogue`` (``data/indicators.yaml``), ``geo`` (codes and names of
every geography), ``pxweb`` (SCB's PxWebApi 2.0), ``sources`` (the raw files' readers, one module per origin),
``store`` (build and load the processed tables), ``analysis`` (trends, change, same-type comparison),
``boundaries`` (Linköping's RegSO and DeSO polygons), ``segregation`` (indices over whole municipalities).
"""
