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


def id_list(text: str, most: int, what: str = "") -> list[int]:
    """Movie ids written as `862,8844`, in order, once each; ValueError saying what is wrong otherwise."""
    parts = [part.strip() for part in text.split(",")] if text.strip() else []
    named = f"{what}: " if what else ""
    if not all(part.isascii() and part.isdigit() and len(part) <= 10 for part in parts):
        raise ValueError(f"{named}movie ids separated by commas, as in 862,8844")
    ids = list(dict.fromkeys(int(part) for part in parts))
    if len(ids) > most:
        raise ValueError(f"{named}at most {most} ids, not {len(ids)}")
    return ids
