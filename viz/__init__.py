"""Charts and the HTML review pack, built only from projection queries.

`jointchron.viz.data` gathers what they show (`ReviewData`); `jointchron.viz.report` writes the
timeline page and the review pack. Nothing is imported here, so that reading the read model does
not load Altair.
"""
