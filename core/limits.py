"""What one request may ask for, the same through every door (the API's bounds, the command line's ranges)."""

MAX_RECOMMENDATIONS = 20  # recommend -k, /recomendacion?k=
MAX_TOP = 100  # top -n, /top?n=
