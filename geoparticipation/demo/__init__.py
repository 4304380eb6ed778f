"""The demo (`load_demo`, `load_demo_survey`, `demo_officer`) and the synthetic load (`seed`); no models of its own.

Its texts live in fixtures/demo/; this app keeps the rules that place them on the territory.
"""
