"""The recommenders' measured quality as the app shows it: names in both languages, a table and a chart.

Read side: the figures come from the manifest (the build ran core.evaluate); nothing here measures.
"""

from __future__ import annotations

import pandas as pd

PROTOCOLS = ("last", "history")


MODEL_NAMES = {
    "es": {
        "random": "al azar",
        "most voted": "las más votadas",
        "weighted rating": "nota ponderada (las mejor valoradas)",
        "content, top 25 by weighted rating": "contenido, sus 25 primeras por nota ponderada",
        "content": "contenido (géneros, reparto, argumento…)",
        "content + prior (no ratings)": "contenido + votos, sin valoraciones",
        "co-likes": "gustaron a las mismas personas",
        "hybrid": "híbrido",
    },
    "en": {name: name for name in ("random", "most voted", "weighted rating", "content", "co-likes", "hybrid")}
    | {
        "content, top 25 by weighted rating": "content, its top 25 by weighted rating",
        "content + prior (no ratings)": "content + votes, no ratings",
    },
}
SPREAD_NAMES = {
    "es": {"coverage": "cobertura", "diversity": "diversidad"},
    "en": {"coverage": "coverage", "diversity": "diversity"},
}
PROTOCOL_NAMES = {
    "es": {"last": "desde la última que gustó", "history": "desde hasta cinco que gustaron"},
    "en": {"last": "from the last liked movie", "history": "from up to five liked movies"},
}
EXPLAINED = {
    "es": "Con las valoraciones reales del dataset (ratings_small, {people} personas, cada una medida con lo "
    "aprendido de las demás): de cada persona, la última película que le gustó (nota 4 o más) es la que "
    "hay que encontrar; HR@10 es la parte de las personas para las que está entre diez recomendaciones. "
    "Cobertura: la parte del catálogo que aparece en alguna lista de diez (una consulta por película); "
    "diversidad: lo poco que se parecen entre sí las diez de una lista (1 − coseno del contenido).",
    "en": "On the dataset's real ratings (ratings_small, {people} people, each measured by what was learnt "
    "from the others): each person's last liked movie (rated 4 or more) is the one to find; HR@10 is the "
    "share of people for whom it is among ten recommendations. Coverage: the share of the catalog in "
    "anyone's ten (one query per movie); diversity: how little the ten of a list resemble each other "
    "(1 − content cosine).",
}


def quality_table(figures: dict, language: str = "es") -> pd.DataFrame:
    """One row per recommender: its name in `language`, and HR@10 and nDCG@10 in both protocols."""
    names, protocols = MODEL_NAMES[language], PROTOCOL_NAMES[language]
    return pd.DataFrame(
        [
            {"model": names.get(name, name)}
            | {
                f"{metric.upper()} · {protocols[p]}": by_protocol[p][metric]
                for p in PROTOCOLS
                for metric in ("hr@10", "ndcg@10")
            }
            | {SPREAD_NAMES[language][m]: by_protocol.get(m) for m in SPREAD_NAMES[language]}
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
