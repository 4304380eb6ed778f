# French typography groups thousands with a narrow no-break space (« 238 246 habitants »); Django's French
# formats use a full no-break space. Only this is overridden: every other format falls through to Django's.
THOUSAND_SEPARATOR = "\u202f"
