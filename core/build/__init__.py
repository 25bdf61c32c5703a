"""The write path: fetch the raw Kaggle files, parse and clean them, fit the models, write the catalog.

The read side (catalog, queries, search, recommender, service, the pages and the API) never imports
this package; the build may use the read side's types.
"""
