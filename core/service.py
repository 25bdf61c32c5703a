"""One loaded catalog answering questions as JSON: the serializer the command line and the API share."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from core import catalog as catalog_module
from core import queries, recommender
from core.errors import NotFound
from core.schema import MANIFEST_FILE
from core.search import TitleSearch


@dataclass(frozen=True)
class Answer:
    """What the command line prints (`text`, or `payload` as JSON) and the API sends."""

    payload: dict
    text: str


@dataclass(frozen=True, eq=False)
class Service:
    """The catalog, its title search and the recommender, loaded once and only read afterwards."""

    catalog: catalog_module.Catalog
    search: TitleSearch
    recommender: recommender.Recommender
    etag: str

    @classmethod
    def load(cls, folder: Path, warm: bool = False) -> Service:
        """Load what answering needs; `warm` builds every lookup now and keeps only what answers read
        (a server's start, not a one-off query)."""
        folder = Path(folder)
        if warm:
            loaded = catalog_module.load_for_answering(folder)
        else:
            loaded = catalog_module.load(folder, skip=catalog_module.DISPLAY_ONLY)
        return cls(
            catalog=loaded,
            search=TitleSearch(loaded),
            recommender=recommender.load(folder, loaded.movies),
            etag=build_etag(folder),
        )

    def query(self, function: str, argument: str) -> Answer:
        return query(self.catalog, function, argument)

    def recommend(self, title: str, k: int = 5) -> Answer:
        movie = self.search.search(title).chosen()
        similar = self.recommender.similar_movies(movie.row, k=k)
        payload = {
            "consulta": title,
            "pelicula": {"id": movie.id, "titulo": movie.titulo, "anio": movie.anio},
            "recomendaciones": [asdict(item) for item in similar],
        }
        lines = [f"Parecidas a {movie.etiqueta}:"] + [
            f"  {r.titulo} ({r.anio}) — {r.puntaje:.2f} — {r.razon}" for r in similar
        ]
        return Answer(payload, "\n".join(lines))

    def health(self) -> dict:
        return {"status": "ok", "peliculas": len(self.catalog.movies), "catalogo": self.catalog.manifest["built_at"]}


def query(catalog: catalog_module.Catalog, function: str, argument: str) -> Answer:
    """One of the six course queries; NotFound (with suggestions) when the name is unknown."""
    result = queries.QUERIES[function](catalog, argument)
    return Answer(queries.as_json(result), result.mensaje)


def not_found(error: NotFound) -> Answer:
    lines = [str(error)] + [f"¿Quisiste decir: {', '.join(error.suggestions)}?"] * bool(error.suggestions)
    return Answer({"error": str(error), "sugerencias": error.suggestions}, "\n".join(lines))


def dumps(payload: dict) -> str:
    """The one JSON form of an answer, for the command line and the API alike."""
    return json.dumps(payload, ensure_ascii=False)


def build_etag(folder: Path) -> str:
    """An entity tag that changes with every build: a digest of the catalog's manifest."""
    return '"' + hashlib.sha256((Path(folder) / MANIFEST_FILE).read_bytes()).hexdigest()[:20] + '"'
