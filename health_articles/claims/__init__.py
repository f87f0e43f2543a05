"""EU health claims: the shipped claims data, the register import and the claims checker.

The checker (`checker.py`) is pure: it needs no database. Claims come from the
data file the app ships (`data.load_claims_file`) or from `HealthClaim` rows
(`data.claims_from_queryset`).
"""
