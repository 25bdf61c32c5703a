"""Tiny raw files in the Kaggle format, with the real data's traps, for tests."""

from __future__ import annotations

import csv
from pathlib import Path

from core.build.synth import MOVIE_COLUMNS, broken_record


def movie(movie_id: int | str, title: str, **fields) -> dict[str, str]:
    """One row of movies_metadata.csv; nested fields given as Python objects are written with repr."""
    row = {
        "adult": "False",
        "belongs_to_collection": "",
        "budget": "0",
        "genres": [{"id": 18, "name": "Drama"}],
        "homepage": "",
        "id": str(movie_id),
        "imdb_id": f"tt{int(movie_id) if str(movie_id).isdigit() else 0:07d}",
        "original_language": "en",
        "original_title": title,
        "overview": f"The story of {title}.",
        "popularity": "1.5",
        "poster_path": f"/poster{movie_id}.jpg",
        "production_companies": [],
        "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
        "release_date": "2000-01-01",
        "revenue": "0",
        "runtime": "100.0",
        "spoken_languages": [{"iso_639_1": "en", "name": "English"}],
        "status": "Released",
        "tagline": "",
        "title": title,
        "video": "False",
        "vote_average": "6.0",
        "vote_count": "10",
    }
    row.update({key: str(value) for key, value in fields.items()})
    return {key: value if isinstance(value, str) else repr(value) for key, value in row.items()}


def collection(name: str, collection_id: int = 1) -> dict:
    return {"id": collection_id, "name": name, "poster_path": "/c.jpg", "backdrop_path": "/b.jpg"}


def broken_movie() -> str:
    """The two physical lines of a record split by a line break in its overview, as in the full file."""
    return broken_record(
        movie(82663, "Midnight Man", release_date="1997-08-20", popularity="0.065736",
              overview="British soldiers force a recently captured IRA terrorist to cooperate - Written by Ørnås")
    )  # fmt: skip


def cast(*names: str) -> list[dict]:
    return [
        {
            "cast_id": i,
            "character": f"Role {i}",
            "credit_id": f"c{i}",
            "gender": 0,
            "id": i,
            "name": name,
            "order": i,
            "profile_path": None,
        }
        for i, name in enumerate(names)
    ]


def crew(*jobs: tuple[str, str]) -> list[dict]:
    """Crew records from (job, name) pairs."""
    return [
        {
            "credit_id": f"k{i}",
            "department": "Directing",
            "gender": 0,
            "id": i,
            "job": job,
            "name": name,
            "profile_path": None,
        }
        for i, (job, name) in enumerate(jobs)
    ]


def credit(movie_id: int | str, cast_names=(), directors=(), others=()) -> dict[str, str]:
    jobs = [("Director", name) for name in directors] + list(others)
    return {"cast": repr(cast(*cast_names)), "crew": repr(crew(*jobs)), "id": str(movie_id)}


def keyword(movie_id: int | str, *words: str) -> dict[str, str]:
    return {"id": str(movie_id), "keywords": repr([{"id": i, "name": word} for i, word in enumerate(words)])}


def write_csv(path: Path, rows: list[dict[str, str] | str], columns) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            if isinstance(row, str):  # physical lines written as they are: a broken record
                handle.write(row)
            else:
                writer.writerow(row)
    return path


def write_raw_dir(folder: Path, movies, credits, keywords=None, movies_name: str = "movies_metadata.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / movies_name, movies, MOVIE_COLUMNS)
    write_csv(folder / "credits.csv", credits, ("cast", "crew", "id"))
    if keywords is not None:
        write_csv(folder / "keywords.csv", keywords, ("id", "keywords"))
    return folder


def trap_movies() -> list[dict[str, str]]:
    """A small catalog holding every trap of the real files."""
    return [
        movie(862, "Toy Story", budget=30000000, revenue=373554033, belongs_to_collection=collection("Toy Story Collection", 10194),
              genres=[{"id": 16, "name": "Animation"}, {"id": 35, "name": "Comedy"}],
              production_companies=[{"name": "Pixar Animation Studios", "id": 3}], release_date="1995-10-30"),
        movie(863, "Toy Story 2", budget=90000000, revenue=497366869, belongs_to_collection=collection("Toy Story Collection", 10194),
              genres=[{"id": 16, "name": "Animation"}], production_companies=[{"name": "Pixar Animation Studios", "id": 3}],
              release_date="1999-10-30"),
        movie(10549, "Hamlet", release_date="1996-12-25", runtime="242.0", budget=18000000, revenue=4414535),
        movie(23383, "Hamlet", release_date="1948-03-25", runtime="155.0", original_language="en",
              production_countries=[{"iso_3166_1": "GB", "name": "United Kingdom"}]),
        movie(4, "La mala educación", original_language="es", release_date="2004-03-19",
              production_countries=[{"iso_3166_1": "ES", "name": "Spain"}],
              spoken_languages=[{"iso_639_1": "es", "name": "Español"}],
              production_companies=[{"name": "El Deseo S.A.", "id": 49}, {"name": 'Studio "Quote" O\'Neil', "id": 50}]),
        movie(5, "Old Film", release_date="1902-09-01", budget="", revenue=""),
        movie(6, "Future Film", release_date="2020-12-31", genres=[], production_countries=[], spoken_languages=[]),
        movie(862, "Toy Story (duplicate id)", release_date="1995-10-30"),
        movie(7, "No Date", release_date=""),
        movie(8, "Bad Date", release_date="1995-02-30"),
        broken_movie(),
        movie(9, "Sin Presupuesto", budget=0, revenue=1000, runtime=""),
        movie(11, "Sin Duración", runtime="0.0"),
    ]  # fmt: skip


def trap_credits() -> list[dict[str, str]]:
    """Credits for the trap catalog, in a different order from the movies, with a repeated id."""
    return [
        credit(4, cast_names=("Gael García Bernal", "Fele Martínez"), directors=("Pedro Almodóvar",)),
        credit(862, cast_names=("Tom Hanks", "Tim Allen", "Don Rickles", "Jim Varney", "Wallace Shawn", "John Ratzenberger"),
               directors=("John Lasseter",), others=(("Producer", "Bonnie Arnold"),)),
        credit(863, cast_names=("Tom Hanks",), directors=("John Lasseter", "Ash Brannon", "Lee Unkrich")),
        credit(10549, cast_names=("Kenneth Branagh",), directors=("Kenneth Branagh",)),
        credit(23383, cast_names=("Laurence Olivier",), directors=("Laurence Olivier",)),
        credit(862, cast_names=("Wrong Person",), directors=("Wrong Director",)),
        credit(5, cast_names=('Dwayne "The Rock" O\'Johnson', "Back\\slash Kid"), directors=("Søren O'Brien",)),
    ]  # fmt: skip
