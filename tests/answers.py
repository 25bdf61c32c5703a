"""Questions whose answers must not change when the code is reorganised: the API's status and JSON for
each, on the embedded sample and on the full-size synthetic files (the command line prints the same
JSON: tests/test_api.py). Saved once by `python -m tests.answers` into tests/answers/, before a change
meant to keep them; tests/test_answers.py asks them again and compares.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
SAVED = ROOT / "tests" / "answers"
SYNTHETIC_MOVIES = 45_466


def questions(movies) -> list[str | tuple[str, dict]]:
    """GET paths, and (path, body) for a POST: every route with hits, misses, typos and every control,
    named from the catalog itself so that the same questions fit the sample and the synthetic files."""
    from core import queries

    by_votes = movies.sort_values(["vote_count", "id"], ascending=[False, True])
    unique = by_votes[~by_votes["title"].duplicated(keep=False)]
    titles = unique["title"].head(4).tolist()
    repeated = by_votes.loc[by_votes["title"].duplicated(keep=False), "title"].head(1).tolist()
    ids = [str(movie_id) for movie_id in unique["id"].head(3)]
    names = {
        "peliculas_idioma": ["en", "francés", "French", "zz"],
        "peliculas_duracion": [*titles[:2], *repeated, titles[0].upper(), titles[0][:-1], "zzqx"],
        "franquicia": _most(movies["collection"].dropna(), 2) + ["zzqx collection"],
        "peliculas_pais": ["US", "España", "France", "zzqx"],
        "productoras_exitosas": _most(movies["production_companies"].explode().dropna(), 2) + ["zzqx"],
        "get_director": _most(movies["directors"].explode().dropna(), 2) + ["zzqx"],
    }
    asked: list[str | tuple[str, dict]] = ["/nada", "/top?n=0", "/recomendacion?ids=x"]
    for function, query in queries.QUERIES.items():
        asked += [f"/{function}/{quote(name, safe='')}" for name in [query.example, *names[function]]]
    for mode in ("parecidas", "gustos"):
        for title in [*titles, *repeated, titles[0].lower()[:-1], "zzqx vvkw"]:
            asked.append(f"/recomendacion/{quote(title, safe='')}?" + urlencode({"modo": mode, "k": 10}))
        controls = [
            {"desde": 1990, "hasta": 2005},
            {"genero": "Drama"},
            {"genero": "Animación", "idioma": "en"},
            {"genero": "Western", "idioma": "ja", "desde": 2015},
            {"excluir": ",".join(ids[1:])},
            {"popularidad": 0},
            {"popularidad": 1},
            {"diversas": "true", "k": 20},
        ]
        asked += [f"/recomendacion/{quote(titles[0], safe='')}?" + urlencode({"modo": mode, **c}) for c in controls]
        asked += ["/recomendacion?" + urlencode({"ids": ",".join(ids), "modo": mode, "k": 8})]
        asked += [("/recomendacion", {"ids": [int(ids[0])], "excluir": [int(i) for i in ids[1:]], "modo": mode})]
    asked += ["/recomendacion?ids=99999999", "/recomendacion?ids=" + ",".join(ids + ids[:1] * 4)]
    for top in [{}, {"genero": "Animación"}, {"desde": 1990, "hasta": 2000, "n": 20}, {"excluir": ids[0]},
                {"diversas": "true"}, {"genero": "zzqx"}]:  # fmt: skip
        asked.append("/top?" + urlencode(top))
    for text in [
        "a board game that lets jungle animals loose in a house",
        "a shark terrorizes a beach town",
        "the and of",
    ]:
        asked.append("/descripcion?" + urlencode({"texto": text, "k": 5}))
    return asked


def _most(names, count: int) -> list[str]:
    """The `count` names with the most movies (ties by name)."""
    counted = names.value_counts()
    return sorted(counted.index, key=lambda name: (-counted[name], name))[:count]


def answers(folder: Path) -> dict[str, dict]:
    """Every question's status and JSON, through the API over the catalog at `folder`."""
    from fastapi.testclient import TestClient

    from core import catalog
    from core.api import create_app

    client = TestClient(create_app(folder))
    asked = questions(catalog.load(folder).movies)
    found = {}
    for question in asked:
        if isinstance(question, tuple):
            path, body = question
            answer = client.post(path, json=body)
            question = f"POST {path} {json.dumps(body, sort_keys=True)}"
        else:
            answer = client.get(question)
        found[question] = {"status": answer.status_code, "json": answer.json()}
    return found


def synthetic_catalog(out: Path) -> Path:
    """The full-size synthetic files (with ratings) built into `out`."""
    from core.build import build
    from core.build.synth import write_raw_files

    raw = out / "raw"
    write_raw_files(raw, movies=SYNTHETIC_MOVIES, seed=0, ratings="small")
    build(raw, out / "catalog")
    return out / "catalog"


def main() -> None:
    import tempfile

    from core.build import build
    from core.config import SAMPLE_RAW_DIR

    SAVED.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        build(SAMPLE_RAW_DIR, Path(scratch) / "sample")
        catalogs = {"sample": Path(scratch) / "sample", "synthetic": synthetic_catalog(Path(scratch) / "synthetic")}
        for name, folder in catalogs.items():
            text = json.dumps(answers(folder), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            (SAVED / f"{name}.json").write_text(text, encoding="utf-8")
            print(f"{name}: {len(text):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
