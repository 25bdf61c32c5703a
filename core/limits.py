"""What one request may ask for, the same through every door (the API's bounds, the command line's ranges)."""

# The recommender's two lists: movies like the liked ones (the default), and what the people who liked
# them also liked.
MODES = ("parecidas", "gustos")
MAX_RECOMMENDATIONS = 20  # recommend -k, /recomendacion?k=
MAX_TOP = 100  # top -n, /top?n=
MAX_LIKED_IDS = 5  # /recomendacion?ids=, recommend --ids
# /recomendacion?excluir=, /top?excluir= (a long "seen" list): 2,000 six-digit ids with their commas
# encoded as %2C, as browsers and urlencode send them (18 kB), fit in a URL the API answers (api.MAX_URL_BYTES).
MAX_EXCLUDED = 2000
# POST /recomendacion's JSON body and recommend --excluir, where no URL bounds the list.
MAX_EXCLUDED_POSTED = 10_000
# The popularity control: from 0 (hidden gems) to 1 (well-known movies); this one leaves the lists as tuned.
NEUTRAL_POPULARITY = 0.5
