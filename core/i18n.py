"""The app's labels in Spanish (default, the course's language) and English, in one place."""

from __future__ import annotations

from core.config import SAMPLE_MOVIES_SHA256
from core.text import decimal as spanish_decimal
from core.text import number, peliculas

LANGUAGES = {"es": "Español", "en": "English"}
DEFAULT_LANGUAGE = "es"

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"es": "Filmoteca", "en": "Filmoteca"},
    "language": {"es": "Idioma de la interfaz", "en": "Interface language"},
    "page_home": {"es": "Inicio", "en": "Home"},
    "page_eda": {"es": "Exploración", "en": "Exploration"},
    "page_queries": {"es": "Consultas", "en": "Queries"},
    "page_recommender": {"es": "Recomendador", "en": "Recommender"},
    "home_intro": {
        "es": "Un tablero sobre «The Movies Dataset» de Kaggle: explora el catálogo, responde las seis "
        "consultas del curso y encuentra películas parecidas a la tuya, y las que gustaron a quienes les gustó.",
        "en": "A dashboard over Kaggle's «The Movies Dataset»: explore the catalog, answer the course's "
        "six queries and find movies like yours, and the ones the people who liked it also liked.",
    },
    "movies": {"es": "Películas", "en": "Movies"},
    "years": {"es": "Años", "en": "Years"},
    "built": {"es": "Catálogo construido", "en": "Catalog built"},
    "dropped": {"es": "Filas descartadas al construir", "en": "Rows dropped by the build"},
    "step": {"es": "Paso", "en": "Step"},
    "reason": {"es": "Motivo", "en": "Reason"},
    "rows": {"es": "Filas", "en": "Rows"},
    "go_to": {"es": "Ir a", "en": "Go to"},
    "setup_title": {"es": "Falta el catálogo", "en": "The catalog is missing"},
    "setup_intro": {
        "es": "Descarga `movies_metadata.csv` y `credits.csv` (y, si quieres, `keywords.csv`) de "
        "[The Movies Dataset en Kaggle](https://www.kaggle.com/datasets/rounakbanik/the-movies-dataset) "
        "y súbelos aquí (.csv, .gz o .zip), o ponlos en `data/raw/` y ejecuta `python -m core build`.",
        "en": "Download `movies_metadata.csv` and `credits.csv` (and optionally `keywords.csv`) from "
        "[The Movies Dataset on Kaggle](https://www.kaggle.com/datasets/rounakbanik/the-movies-dataset) "
        "and upload them here (.csv, .gz or .zip), or put them in `data/raw/` and run `python -m core build`.",
    },
    "upload": {"es": "Archivos de Kaggle", "en": "Kaggle files"},
    "build": {"es": "Construir el catálogo", "en": "Build the catalog"},
    "building": {"es": "Construyendo el catálogo…", "en": "Building the catalog…"},
    "built_ok": {"es": "Catálogo listo", "en": "Catalog ready"},
    "build_failed": {"es": "No se pudo construir el catálogo", "en": "The catalog could not be built"},
    "query": {"es": "Consulta", "en": "Query"},
    "run": {"es": "Consultar", "en": "Run query"},
    "did_you_mean": {"es": "¿Quisiste decir…?", "en": "Did you mean…?"},
    "download_csv": {"es": "Descargar CSV", "en": "Download CSV"},
    "search_title": {"es": "Busca una película", "en": "Search for a movie"},
    "search_help": {
        "es": "Escribe un título, con el año si hay varias (p. ej. «Hamlet 1996»); se perdonan las erratas.",
        "en": "Type a title, with its year when there are several (e.g. «Hamlet 1996»); typos are forgiven.",
    },
    "pick_one": {"es": "Hay varias películas posibles: elige una", "en": "Several movies fit: pick one"},
    # The recommender's two lists: their headings, what each is, and why one may be empty.
    "parecidas": {"es": "Parecidas", "en": "Similar movies"},
    "gustos": {"es": "Les gustó también", "en": "People who liked it also liked"},
    "list_parecidas": {"es": "Películas parecidas a {liked}", "en": "Movies like {liked}"},
    "list_gustos": {
        "es": "Lo que también les gustó a quienes les gustó {liked}",
        "en": "What the people who liked {liked} also liked",
    },
    "none_no_ratings": {
        "es": "Este catálogo se construyó sin valoraciones: no se sabe qué más les gustó a quienes les gustó {liked}.",
        "en": "This catalog was built without ratings: there is no telling what else the people who liked {liked} liked.",
    },
    "none_nobody_rated": {
        "es": "Nadie en las valoraciones puntuó {liked}: no se sabe qué más les gustó a quienes les gustó.",
        "en": "Nobody in the ratings rated {liked}: there is no telling what else the people who liked it liked.",
    },
    "none_nobody_liked": {
        "es": "A nadie en las valoraciones le gustó {liked} (una nota de 4 o más): no hay qué más les gustó.",
        "en": "Nobody in the ratings liked {liked} (a rating of 4 or more): there is nothing else they liked.",
    },
    "none_left": {
        "es": "Ninguna película de esta lista para {liked} queda con estos filtros y sin las ya vistas.",
        "en": "No movie of this list for {liked} is left with these filters and without the movies seen.",
    },
    "describing": {"es": "Describir: buscar por la trama (en inglés)", "en": "Describe: search by the plot"},
    "described": {"es": "Las que encajan con la descripción", "en": "The movies that fit the description"},
    "words": {"es": "palabras", "en": "words"},
    "quality": {"es": "Calidad: ¿gusta lo que recomienda?", "en": "Quality: do people like what it recommends?"},
    "score": {"es": "Puntuación", "en": "Score"},
    "see_similar": {"es": "Ver parecidas", "en": "See similar"},
    "no_poster": {"es": "Sin póster", "en": "No poster"},
    "genres": {"es": "Géneros", "en": "Genres"},
    "filters": {"es": "Filtros", "en": "Filters"},
    "choose_or_type": {"es": "Elige o escribe un nombre", "en": "Pick or type a name"},
    "all_genres": {"es": "Todos los géneros", "en": "All genres"},
    "all_languages": {"es": "Todos", "en": "All"},
    "original_language": {"es": "Idioma original", "en": "Original language"},
    "min_votes": {"es": "Mínimo de votos", "en": "Minimum votes"},
    "known_money": {"es": "Solo con presupuesto e ingresos conocidos", "en": "Only known budget and revenue"},
    "tab_distributions": {"es": "Distribuciones", "en": "Distributions"},
    "tab_correlations": {"es": "Correlaciones", "en": "Correlations"},
    "tab_money": {"es": "Presupuesto vs. ingresos", "en": "Budget vs revenue"},
    "tab_trends": {"es": "Tendencias", "en": "Trends"},
    "tab_top": {"es": "Rankings", "en": "Top lists"},
    "tab_text": {"es": "Texto", "en": "Text"},
    "column": {"es": "Columna", "en": "Column"},
    "log_scale": {"es": "Escala logarítmica", "en": "Log scale"},
    "method": {"es": "Método", "en": "Method"},
    "color_by": {"es": "Color por", "en": "Colour by"},
    "rank_by": {"es": "Ordenar por", "en": "Rank by"},
    "text_source": {"es": "Texto de", "en": "Text from"},
    # Options of Exploración's radios, named by the charts' data columns.
    "genero": {"es": "Género", "en": "Genre"},
    "decada": {"es": "Década", "en": "Decade"},
    "peliculas": {"es": "Número de películas", "en": "Number of movies"},
    "ingresos": {"es": "Ingresos", "en": "Revenue"},
    "catalog_sample": {
        "es": "Estás viendo la **muestra incluida**: las primeras {movies} películas del dataset de Kaggle "
        "(de unas 45.000), con reparto y directores de solo {credited} de ellas y pocas películas posteriores a 1999.",
        "en": "You are looking at the **embedded sample**: the first {movies} movies of the Kaggle dataset "
        "(of about 45,000), with cast and directors for only {credited} of them and few movies after 1999.",
    },
    "catalog_full": {
        "es": "Catálogo de {movies} películas construido el {built} desde {files}.",
        "en": "Catalog of {movies} movies built on {built} from {files}.",
    },
    "fetch_full": {"es": "Descargar el dataset completo", "en": "Download the full dataset"},
    "fetch_help": {
        "es": "Descarga de Kaggle movies_metadata.csv, credits.csv y keywords.csv (unos 230 MB) y construye "
        "el catálogo en el servidor; tarda unos minutos.",
        "en": "Downloads movies_metadata.csv, credits.csv and keywords.csv from Kaggle (about 230 MB) and builds "
        "the catalog on the server; it takes a few minutes.",
    },
    "fetching": {
        "es": "Descargando y construyendo el dataset completo…",
        "en": "Downloading and building the full dataset…",
    },
    "fetch_failed": {
        "es": "No se pudo descargar el dataset completo",
        "en": "The full dataset could not be downloaded",
    },
    "fetch_fallback": {
        "es": "También puedes subir los archivos tú mismo:",
        "en": "You can also upload the files yourself:",
    },
    "auto_fetching": {
        "es": "Descargando el dataset completo de Kaggle (FILMOTECA_AUTO_FETCH)…",
        "en": "Downloading the full dataset from Kaggle (FILMOTECA_AUTO_FETCH)…",
    },
    "auto_fetch_failed": {
        "es": "La descarga automática del dataset completo falló",
        "en": "The automatic download of the full dataset failed",
    },
    "example": {"es": "Ejemplo", "en": "Example"},
    # The result tables' columns (the course's JSON keys).
    "titulo": {"es": "Título", "en": "Title"},
    "anio": {"es": "Año", "en": "Year"},
    "duracion": {"es": "Duración (min)", "en": "Runtime (min)"},
    "fecha_lanzamiento": {"es": "Fecha de estreno", "en": "Release date"},
    "retorno": {"es": "Retorno", "en": "Return"},
    "costo": {"es": "Costo", "en": "Cost"},
    "ganancia": {"es": "Ganancia", "en": "Revenue"},
    "add_another": {"es": "Añadir otra película", "en": "Add another movie"},
    "your_list": {
        "es": "Tu lista (las recomendaciones combinan todas; ✕ para quitar una):",
        "en": "Your list (recommendations combine them all; ✕ removes one):",
    },
    "top_chart": {"es": "Las mejor valoradas", "en": "Best rated"},
    "votes": {"es": "votos", "en": "votes"},
    "weighted": {"es": "nota ponderada", "en": "weighted rating"},
    # The lists that follow a user in the link, and the buttons that fill them.
    "page_lists": {"es": "Mis listas", "en": "My lists"},
    "vistas": {"es": "Vistas", "en": "Seen"},
    "descartadas": {"es": "No me interesan", "en": "Not interested"},
    "pendientes": {"es": "Pendientes", "en": "Watchlist"},
    "mark_vistas": {"es": "Ya la vi", "en": "Seen it"},
    "mark_descartadas": {"es": "No me interesa", "en": "Not interested"},
    "mark_pendientes": {"es": "Guardar", "en": "Save"},
    "lists_menu": {"es": "Listas", "en": "Lists"},
    "lists_intro": {
        "es": "Las vistas y las que no te interesan nunca se recomiendan ni salen en las mejor valoradas. "
        "Las listas viven en el enlace: guárdalo o compártelo, no se guarda nada en el servidor.",
        "en": "Seen and not-interested movies are never recommended nor listed among the best rated. "
        "The lists live in the link: bookmark or share it; nothing is stored on the server.",
    },
    "empty_list": {"es": "Ninguna todavía.", "en": "None yet."},
    "upload_list": {"es": "Traer una lista (CSV de ids o de títulos)", "en": "Bring a list in (CSV of ids or titles)"},
    "into_list": {"es": "A la lista", "en": "Into the list"},
    "imported": {"es": "Añadidas a {list}: {count}", "en": "Added to {list}: {count}"},
    "not_in_catalog": {"es": "Sin una película clara en el catálogo", "en": "No one movie in the catalog for"},
    "too_many": {"es": "Solo se leen sus primeras {count} líneas.", "en": "Only its first {count} lines are read."},
    # A movie's card.
    "open_card": {"es": "Abrir su ficha", "en": "Open its card"},
    "directed_by": {"es": "Dirección", "en": "Directed by"},
    "cast": {"es": "Reparto", "en": "Cast"},
    "collection": {"es": "Colección", "en": "Collection"},
    "budget": {"es": "Presupuesto", "en": "Budget"},
    "revenue": {"es": "Ingresos", "en": "Revenue"},
    "return": {"es": "Retorno", "en": "Return"},
    "rating": {"es": "Nota", "en": "Rating"},
    "unknown": {"es": "desconocido", "en": "unknown"},
    "where_to_watch": {"es": "Dónde verla", "en": "Where to watch"},
    "trailer": {"es": "Tráiler", "en": "Trailer"},
    "no_credits": {"es": "Sin créditos en el catálogo", "en": "No credits in the catalog"},
    # Recommendation controls.
    "popularity": {"es": "Conocidas ↔ Joyas ocultas", "en": "Well known ↔ Hidden gems"},
    "popularity_help": {
        "es": "Hacia la izquierda, las más votadas de entre las recomendadas; hacia la derecha, las menos conocidas.",
        "en": "To the left, the most voted among the recommended; to the right, the lesser known.",
    },
    "well_known": {"es": "Conocidas", "en": "Well known"},
    "balanced": {"es": "Equilibrio", "en": "Balanced"},
    "hidden_gems": {"es": "Joyas ocultas", "en": "Hidden gems"},
    "diverse": {"es": "Una por colección", "en": "One per collection"},
    # Charts you can click.
    "selected": {"es": "Las películas seleccionadas", "en": "The movies selected"},
    "select_hint": {
        "es": "Haz clic en un punto o una barra (o rodea varios) para ver sus películas; una fila abre su ficha.",
        "en": "Click a point or a bar (or lasso several) to see their movies; a row opens its card.",
    },
}


# TMDB's genres in Spanish: shown on the pages and accepted as names (Animación → Animation).
GENRES_ES = {
    "Action": "Acción",
    "Adventure": "Aventura",
    "Animation": "Animación",
    "Comedy": "Comedia",
    "Crime": "Crimen",
    "Documentary": "Documental",
    "Drama": "Drama",
    "Family": "Familia",
    "Fantasy": "Fantasía",
    "Foreign": "Extranjera",
    "History": "Historia",
    "Horror": "Terror",
    "Music": "Música",
    "Mystery": "Misterio",
    "Romance": "Romance",
    "Science Fiction": "Ciencia ficción",
    "TV Movie": "Película de televisión",
    "Thriller": "Suspense",
    "War": "Bélica",
    "Western": "Western",
}


def genre_name(genre: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A genre as the interface says it: TMDB's English name, or its Spanish one."""
    return GENRES_ES.get(genre, genre) if language == "es" else genre


# The build's manifest says why rows were dropped in English; the home page says it in Spanish too.
BUILD_STEPS: dict[str, str] = {
    "movies": "películas",
    "credits": "créditos",
    "keywords": "palabras clave",
    "corrupt rows": "filas corruptas",
    "duplicate ids": "ids repetidos",
    "release date": "fecha de estreno",
    "title": "título",
    "id is not an integer (shifted columns)": "el id no es un número (columnas desplazadas)",
    "id seen before; first kept": "id ya visto; se conserva el primero",
    "missing or invalid release_date": "fecha de estreno vacía o inválida",
    "missing title": "sin título",
}


def is_sample(manifest: dict) -> bool:
    """Whether the catalog was built from the embedded sample (wherever the files were copied)."""
    return manifest.get("inputs", {}).get("movies", {}).get("sha256") == SAMPLE_MOVIES_SHA256


def dropped_rows(manifest: dict, language: str = DEFAULT_LANGUAGE) -> list[dict]:
    """The build steps that dropped rows, how many and why, in `language`."""
    return [
        {
            "step": build_text(step["step"], language),
            "dropped": step["dropped"],
            "reason": build_text(step["reason"], language),
        }
        for step in manifest["steps"]
        if step["dropped"]
    ]


def build_text(text: str, language: str) -> str:
    """A manifest step ('movies: duplicate ids') or reason in `language`; unknown parts stay as they are."""
    if language != "es":
        return text
    return ": ".join(BUILD_STEPS.get(part, part) for part in text.split(": "))


def count(n: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A whole number as the interface writes it: 45.378 in Spanish, 45,378 in English."""
    return number(n) if language == "es" else f"{n:,}"


def decimal(value: float, language: str = DEFAULT_LANGUAGE, places: int = 2) -> str:
    """A number with decimals as the interface writes it: 1.234,50 in Spanish, 1,234.50 in English."""
    return spanish_decimal(value, places) if language == "es" else f"{value:,.{places}f}"


def movies(n: int, language: str = DEFAULT_LANGUAGE) -> str:
    """'1 película', '2.345 películas'; '1 movie', '2,345 movies'."""
    if language == "es":
        return peliculas(n)
    return "1 movie" if n == 1 else f"{n:,} movies"


def catalog_source(manifest: dict, language: str = DEFAULT_LANGUAGE) -> str:
    """Which catalog is loaded: the embedded sample and its limits, or the built files and when."""
    if is_sample(manifest):
        movies, credited = count(manifest["movies"], language), count(manifest["credited_movies"], language)
        return label("catalog_sample", language).format(movies=movies, credited=credited)
    files = ", ".join(facts["name"] for facts in manifest["inputs"].values())
    return label("catalog_full", language).format(
        movies=count(manifest["movies"], language), built=manifest["built_at"][:10], files=files
    )


def label(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The label in `language`, falling back to Spanish."""
    texts = LABELS[key]
    return texts.get(language) or texts[DEFAULT_LANGUAGE]
