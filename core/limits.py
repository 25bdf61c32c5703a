"""What one request may ask for, the same through every door (the API's bounds, the command line's ranges)."""

# The recommender's two lists: movies like the liked ones (the default), and what the people who liked
# them also liked.
MODES = ("parecidas", "gustos")
MAX_RECOMMENDATIONS = 20  # recommend -k, /recomendacion?k=
MAX_TOP = 100  # top -n, /top?n=
MAX_LIKED_IDS = 5  # /recomendacion?ids=, recommend --ids
# The movies a list or a top chart leaves out (a long "seen" list), through every door, repeated ids counted
# once: POST /recomendacion's body, recommend --excluir, /recomendacion?excluir=, /top?excluir=. A GET's URL
# holds about EXCLUDED_IN_A_URL of them (six-digit ids, their commas encoded as %2C, as browsers and
# urlencode send them: 18 kB of the api.MAX_URL_BYTES a URL may take); a longer one is a 414 that says so.
MAX_EXCLUDED = 10_000
EXCLUDED_IN_A_URL = 2000
# The popularity control: from 0 (hidden gems) to 1 (well-known movies); this one leaves the lists as tuned.
NEUTRAL_POPULARITY = 0.5
