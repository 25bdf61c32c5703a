"""The recommenders' measured quality as the app shows it: names in both languages, a table and a chart.

Read side: the figures come from the manifest (the build ran core.build.evaluate); nothing here measures.
"""

from __future__ import annotations

import pandas as pd

PROTOCOLS = ("last", "history")
ALIKE = ("genre", "audience", "top10", "distinct")

MODEL_NAMES = {
    "es": {
        "random": "al azar",
        "most voted": "las más votadas",
        "weighted rating": "nota ponderada (las mejor valoradas)",
        "content": "contenido (TF-IDF de géneros, reparto, argumento…)",
        "co-likes": "gustaron a las mismas personas",
        "parecidas, no ratings": "Parecidas, sin valoraciones",
        "parecidas": "Parecidas",
        "gustos": "Les gustó también",
    },
    "en": {
        "random": "random",
        "most voted": "most voted",
        "weighted rating": "weighted rating (the best rated)",
        "content": "content (TF-IDF of genres, cast, plot…)",
        "co-likes": "liked by the same people",
        "parecidas, no ratings": "Similar movies, no ratings",
        "parecidas": "Similar movies",
        "gustos": "People who liked it also liked",
    },
}
ALIKE_NAMES = {
    "es": {
        "genre": "comparten un género",
        "audience": "familiares para las familiares",
        "top10": "plazas de las 10 más recomendadas",
        "distinct": "películas distintas",
    },
    "en": {
        "genre": "share a genre",
        "audience": "family movies for family movies",
        "top10": "places of the 10 most recommended",
        "distinct": "distinct movies",
    },
}
PROTOCOL_NAMES = {
    "es": {"last": "desde la última que gustó", "history": "desde hasta cinco que gustaron"},
    "en": {"last": "from the last liked movie", "history": "from up to five liked movies"},
}
EXPLAINED = {
    "es": "Dos preguntas. ¿Encuentra lo que gustará? Con las valoraciones reales del dataset (ratings_small, "
    "{people} personas, cada una medida con lo aprendido de las demás): de cada persona, la última película que "
    "le gustó (nota 4 o más) es la que hay que encontrar; HR@10 es la parte de las personas para las que está "
    "entre diez recomendaciones. ¿Se parece la lista a la película? Con las listas de diez de {movies} películas "
    "con 50 votos o más: la parte de las recomendadas que comparten un género con ella, la parte de familiares "
    "(animación o familia) para una familiar, la parte de todas las plazas que se llevan las 10 películas más "
    "recomendadas, y cuántas películas distintas se recomiendan.",
    "en": "Two questions. Does it find what people will like? On the dataset's real ratings (ratings_small, "
    "{people} people, each measured by what was learnt from the others): each person's last liked movie (rated "
    "4 or more) is the one to find; HR@10 is the share of people for whom it is among ten recommendations. Is a "
    "list like the movie? Over the lists of ten of {movies} movies with 50 votes or more: the share of the "
    "recommended that share a genre with it, the share of family movies (animation or family) for a family "
    "movie, the share of all places that the 10 most recommended movies take, and how many distinct movies are "
    "recommended.",
}


def quality_table(figures: dict, language: str = "es") -> pd.DataFrame:
    """One row per recommender: its name in `language`, HR@10 and nDCG@10 in both protocols, and how
    like the movie its lists are (empty where not measured)."""
    names, protocols, alike = MODEL_NAMES[language], PROTOCOL_NAMES[language], ALIKE_NAMES[language]
    return pd.DataFrame(
        [
            {"model": names.get(name, name)}
            | {
                f"{metric.upper()} · {protocols[p]}": by_protocol[p][metric]
                for p in PROTOCOLS
                for metric in ("hr@10", "ndcg@10")
            }
            | {alike[measure]: by_protocol.get("alike", {}).get(measure) for measure in ALIKE}
            for name, by_protocol in figures["models"].items()
        ]
    )


def quality_chart(figures: dict, language: str = "es"):
    """HR@10 per recommender, a bar per protocol (plotly)."""
    import plotly.graph_objects as go

    names, protocols = MODEL_NAMES[language], PROTOCOL_NAMES[language]
    labels = [names.get(name, name) for name in figures["models"]]
    figure = go.Figure(
        [
            go.Bar(name=protocols[p], y=labels, x=[v[p]["hr@10"] for v in figures["models"].values()], orientation="h")
            for p in PROTOCOLS
        ]
    )
    figure.update_layout(barmode="group", xaxis_title="HR@10", yaxis={"autorange": "reversed"}, height=420)
    return figure
