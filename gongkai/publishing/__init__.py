"""Publishing as one protocol: the signal every public change sends and the registry of public sections.

The lowest layer above `core`: it imports Django only, never `portal`, `search` or a domain app.
Domain apps register their section here (AppConfig.ready) and announce changes here; `portal` and
`search` read the registry and subscribe to the signal. So the way from a service to the public
site is one named path, and no domain app needs to know who builds pages or keeps the index.
"""
