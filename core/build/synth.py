"""Synthetic raw files in exactly the Kaggle format, at any size, with every trap of the real ones.

Movies are drawn around a few latent themes (a collection shares its director, genres,
keywords and cast; a director keeps to a few genres), so the recommender can be evaluated.
Nested fields are written with `repr`, as the Kaggle files were. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from core.schema import REQUIRED_COLUMNS

# Kaggle's columns, in its (alphabetical) order: those the build requires, and five it ignores.
MOVIE_COLUMNS = sorted([*REQUIRED_COLUMNS["movies"], "adult", "homepage", "status", "tagline", "video"])

GENRES = (
    (28, "Action"), (12, "Adventure"), (16, "Animation"), (35, "Comedy"), (80, "Crime"),
    (99, "Documentary"), (18, "Drama"), (10751, "Family"), (14, "Fantasy"), (36, "History"),
    (27, "Horror"), (10402, "Music"), (9648, "Mystery"), (10749, "Romance"), (878, "Science Fiction"),
    (10770, "TV Movie"), (53, "Thriller"), (10752, "War"), (37, "Western"), (10769, "Foreign"),
)  # fmt: skip
GENRE_WEIGHTS = (8, 5, 3, 14, 6, 4, 20, 4, 4, 2, 5, 2, 3, 7, 4, 1, 8, 2, 1, 1)
LANGUAGES = (
    ("en", "English", 70), ("fr", "Français", 6), ("it", "Italiano", 3), ("ja", "日本語", 3),
    ("de", "Deutsch", 3), ("es", "Español", 3), ("ru", "Pусский", 2), ("hi", "हिन्दी", 2),
    ("ko", "한국어/조선말", 1), ("zh", "普通话", 1), ("cn", "广州话 / 廣州話", 1), ("sv", "svenska", 1),
    ("pt", "Português", 1), ("xx", "No Language", 1),
)  # fmt: skip
COUNTRIES = (
    ("US", "United States of America", 55), ("GB", "United Kingdom", 8), ("FR", "France", 7),
    ("DE", "Germany", 4), ("IT", "Italy", 3), ("JP", "Japan", 3), ("CA", "Canada", 3),
    ("ES", "Spain", 2), ("IN", "India", 2), ("RU", "Russia", 2), ("KR", "South Korea", 1),
    ("SE", "Sweden", 1), ("MX", "Mexico", 1), ("AR", "Argentina", 1), ("HK", "Hong Kong", 1),
)  # fmt: skip
FIRST_NAMES = [
    "John",
    "Mary",
    "James",
    "Anna",
    "Robert",
    "Linda",
    "Michael",
    "Sofía",
    "José",
    "Zoë",
    "Jean-Luc",
    "François",
    "Ørjan",
    "Björn",
    "Chloé",
    "Renée",
    "Ángel",
    "Jürgen",
    "Søren",
    "Łukasz",
    "Ålesund",
    "Nuño",
    "Haruki",
    "Akira",
    "Min-ji",
    "Olu",
    "Amélie",
    "Dmitri",
    "Pedro",
    "Carmen",
    "Luis",
    "Lucía",
    "Hiro",
    "Kenji",
    "Ingrid",
    "Greta",
    "Marcello",
    "Federico",
    "Isabella",
    "Élodie",
    "Émile",
]
LAST_NAMES = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Martínez",
    "López",
    "Müller",
    "Schmidt",
    "Dubois",
    "Lefèvre",
    "Rossi",
    "Ricci",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Ivanov",
    "Petrov",
    "Andersson",
    "Ørnås",
    "Nuñez",
    "Almodóvar",
    "O'Brien",
    "D'Amato",
    "O'Hara",
    "Kowalski",
    "Nowak",
    "Silva",
    "Santos",
    "Gómez",
    "Pérez",
    "Kurosawa",
    "Fellini",
    "Bergman",
]
# Names that need escapes when written by repr: both quote kinds, a backslash.
TRICKY_NAMES = ('Dwayne "The Rock" O\'Johnson', "Back\\slash Kid", 'Tom "T" Mc\'Gee')
WORDS = [
    "love",
    "night",
    "city",
    "dark",
    "last",
    "river",
    "secret",
    "war",
    "king",
    "girl",
    "boy",
    "house",
    "dead",
    "blood",
    "man",
    "woman",
    "summer",
    "winter",
    "road",
    "star",
    "moon",
    "fire",
    "ghost",
    "island",
    "dream",
    "heart",
    "time",
    "world",
    "story",
    "game",
    "hunter",
    "shadow",
    "light",
    "storm",
    "sea",
    "garden",
    "kingdom",
    "legend",
    "queen",
    "soldier",
    "angel",
    "devil",
    "heaven",
    "stranger",
    "corazón",
    "café",
    "niña",
    "über",
    "señor",
]
THEME_WORDS = [
    "heist",
    "detective",
    "murder",
    "alien",
    "spaceship",
    "robot",
    "wizard",
    "dragon",
    "vampire",
    "zombie",
    "family",
    "wedding",
    "divorce",
    "friendship",
    "school",
    "prison",
    "revenge",
    "treasure",
    "pirate",
    "cowboy",
    "boxer",
    "dancer",
    "singer",
    "war",
    "spy",
    "assassin",
    "hacker",
    "lawyer",
    "doctor",
    "nurse",
    "teacher",
    "chef",
    "circus",
    "island",
    "jungle",
    "desert",
    "mountain",
    "ocean",
    "volcano",
    "storm",
    "train",
    "airplane",
    "submarine",
    "haunted",
    "curse",
    "prophecy",
    "kingdom",
    "rebellion",
    "revolution",
    "election",
    "journalist",
    "scandal",
]
FILLER = [
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "and",
    "with",
    "who",
    "must",
    "when",
    "after",
    "before",
    "their",
    "his",
    "her",
    "for",
    "into",
    "against",
    "finds",
    "discovers",
    "learns",
    "decides",
    "returns",
    "tries",
    "young",
    "old",
    "small",
    "town",
    "big",
    "world",
    "new",
    "life",
]
JOBS = (
    ("Directing", "Director"), ("Writing", "Screenplay"), ("Production", "Producer"),
    ("Sound", "Original Music Composer"), ("Camera", "Director of Photography"),
    ("Editing", "Editor"), ("Production", "Casting"), ("Art", "Production Design"),
    ("Costume & Make-Up", "Costume Design"), ("Writing", "Novel"),
)  # fmt: skip


@dataclass
class _Theme:
    """What a collection or a director's body of work keeps constant."""

    genres: list[tuple[int, str]]
    words: list[str]
    director: str
    cast: list[str] = field(default_factory=list)


class _Generator:
    def __init__(self, movies: int, seed: int):
        self.rng = random.Random(seed)
        self.movies = movies
        people = max(200, movies * 2)
        self.people = [self._person() for _ in range(people)]
        self.people[: len(TRICKY_NAMES)] = TRICKY_NAMES
        self.directors = [*TRICKY_NAMES, *self.rng.sample(self.people, max(20, movies // 5))]
        self.companies = [
            f"{self._title_words(2)} {self.rng.choice(('Pictures', 'Films', 'Studios', 'Producciones'))}"
            for _ in range(max(50, movies // 3))
        ]
        self.director_themes = {name: self._theme(name) for name in self.directors}
        self.ids = self.rng.sample(range(2, max(500_000, movies * 12)), movies)

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _title_words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS).capitalize() for _ in range(count))

    def _theme(self, director: str) -> _Theme:
        genres = self.rng.choices(GENRES, weights=GENRE_WEIGHTS, k=self.rng.randint(1, 3))
        return _Theme(
            list(dict.fromkeys(genres)), self.rng.sample(THEME_WORDS, 4), director, self.rng.sample(self.people, 6)
        )

    def rows(self):
        """Yield (movie fields, cast, crew, keywords) per movie, collections first-class."""
        produced = 0
        titles: list[str] = []
        collection_number = 0
        while produced < self.movies:
            if self.rng.random() < 0.065:  # ~20% of movies end up in a collection
                collection_number += 1
                size = min(self.rng.choice((2, 2, 3, 3, 4, 5, 6)), self.movies - produced)
                base = self._title_words(self.rng.randint(1, 3))
                collection = {"id": 100_000 + collection_number, "name": f"{base} Collection"}
                theme = self._theme(self.rng.choice(self.directors))
                parts = [base] + [f"{base} {n}" for n in range(2, size + 1)]
            else:
                collection, theme = None, self.director_themes[self.rng.choice(self.directors)]
                remake = titles and self.rng.random() < 0.02
                parts = [self.rng.choice(titles) if remake else self._title_words(self.rng.randint(1, 4))]
            year = self.rng.randint(1915, 2016)
            for title in parts:
                if produced == self.movies:
                    break
                titles.append(title)
                yield self._movie(self.ids[produced], title, min(year, 2017), collection, theme)
                produced += 1
                year += self.rng.randint(1, 4)

    def _movie(self, movie_id: int, title: str, year: int, collection: dict | None, theme: _Theme):
        rng = self.rng
        genres = [{"id": gid, "name": name} for gid, name in theme.genres]
        if rng.random() < 0.3:
            extra = rng.choices(GENRES, weights=GENRE_WEIGHTS)[0]
            if extra not in theme.genres:
                genres.append({"id": extra[0], "name": extra[1]})
        code, native, _ = rng.choices(LANGUAGES, weights=[w for *_, w in LANGUAGES])[0]
        countries = rng.choices(COUNTRIES, weights=[w for *_, w in COUNTRIES], k=rng.choice((1, 1, 1, 2)))
        budget = 0 if rng.random() < 0.8 else int(math.exp(rng.gauss(16.3, 1.3)))
        revenue = 0 if rng.random() < 0.83 else int(max(budget, 1e5) * math.exp(rng.gauss(0.7, 1.2)))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        date = "" if rng.random() < 0.002 else f"{year}-{month:02d}-{day:02d}"
        words = theme.words + rng.sample(THEME_WORDS, 2)
        overview = " ".join(
            rng.choice(words) if rng.random() < 0.3 else rng.choice(FILLER + WORDS) for _ in range(rng.randint(20, 70))
        )
        movie = {
            "adult": "False",
            "belongs_to_collection": repr({**collection, "poster_path": self._path(), "backdrop_path": self._path()})
            if collection
            else "",
            "budget": str(budget),
            "genres": repr(genres),
            "homepage": "" if rng.random() < 0.8 else f"http://www.{title.lower().replace(' ', '')}.com/",
            "id": str(movie_id),
            "imdb_id": f"tt{rng.randint(1, 9_999_999):07d}",
            "original_language": code,
            "original_title": title,
            "overview": overview.capitalize() + ".",
            "popularity": f"{math.exp(rng.gauss(0.5, 1.3)):.6f}",
            "poster_path": self._path() if rng.random() < 0.98 else "",
            "production_companies": repr(
                [{"name": name, "id": rng.randint(1, 99_999)} for name in rng.sample(self.companies, rng.randint(0, 3))]
            ),
            "production_countries": repr([{"iso_3166_1": c, "name": n} for c, n, _ in dict.fromkeys(countries)]),
            "release_date": date,
            "revenue": f"{revenue}.0" if rng.random() < 0.1 else str(revenue),
            "runtime": "" if rng.random() < 0.005 else f"{max(0, int(rng.gauss(100, 25)))}.0",
            "spoken_languages": repr([{"iso_639_1": code, "name": native}]),
            "status": "Released",
            "tagline": "",
            "title": title,
            "video": "False",
            "vote_average": f"{min(10.0, max(0.0, rng.gauss(5.8, 1.5))):.1f}",
            "vote_count": str(int(math.exp(rng.gauss(3.0, 1.8)))),
        }
        keywords = [
            {"id": rng.randint(1, 250_000), "name": word}
            for word in dict.fromkeys(rng.choices(words, k=rng.randint(0, 8)))
        ]
        return movie, self._cast(theme), self._crew(theme), keywords

    def _path(self) -> str:
        return (
            "/"
            + "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=27))
            + ".jpg"
        )

    def _count(self, median: float) -> int:
        """A long-tailed count: most lists are short, a few run to hundreds."""
        return int(math.exp(self.rng.gauss(math.log(median), 0.8)))

    def _cast(self, theme: _Theme) -> str:
        rng = self.rng
        regulars = rng.sample(theme.cast, rng.randint(0, 3))
        names = regulars + [rng.choice(self.people) for _ in range(self._count(7))]
        return (
            "["
            + ", ".join(
                f"{{'cast_id': {i + 1}, 'character': {self._person()!r}, 'credit_id': '{rng.getrandbits(96):024x}', "
                f"'gender': {rng.randint(0, 2)}, 'id': {rng.randint(1, 1_900_000)}, 'name': {name!r}, "
                f"'order': {i}, 'profile_path': {self._path() if rng.random() < 0.7 else None!r}}}"
                for i, name in enumerate(names)
            )
            + "]"
        )

    def _crew(self, theme: _Theme) -> str:
        rng = self.rng
        jobs = [(("Directing", "Director"), theme.director)]
        jobs += [(rng.choice(JOBS[1:]), rng.choice(self.people)) for _ in range(self._count(7))]
        return (
            "["
            + ", ".join(
                f"{{'credit_id': '{rng.getrandbits(96):024x}', 'department': {department!r}, 'gender': {rng.randint(0, 2)}, "
                f"'id': {rng.randint(1, 1_900_000)}, 'job': {job!r}, 'name': {name!r}, "
                f"'profile_path': {self._path() if rng.random() < 0.5 else None!r}}}"
                for (department, job), name in jobs
            )
            + "]"
        )


def broken_record(movie: dict[str, str]) -> str:
    """A record as the full file has three: a line break inside its unquoted overview splits it.

    The first line (a stub) holds the columns up to the overview's head, the real id among
    them; the second starts with the overview's tail, so every later value lands nine columns
    to the left (`id` holds the release date) and the row ends early.
    """
    words = re.sub(r'[,"\r\n]', " ", movie["overview"]).split() or ["Untitled", "film"]
    middle = max(1, len(words) // 2)
    stub = _csv_line([movie[column] for column in MOVIE_COLUMNS[:9]]) + "," + " ".join(words[:middle])
    tail = " " + " ".join(words[middle:]) + "," + _csv_line([movie[column] for column in MOVIE_COLUMNS[10:]])
    return f"{stub}\n{tail}\n"


def _csv_line(values: list[str]) -> str:
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(values)
    return line.getvalue()


def write_raw_files(
    out_dir: Path, movies: int, seed: int = 0, ratings: str | None = None, people: int | None = None
) -> dict[str, Path]:
    """Write movies_metadata.csv, credits.csv and keywords.csv for `movies` movies, and the ratings:
    "small", ratings_small.csv and links_small.csv as large as the real ones; "full", ratings.csv and
    links.csv too, by `people` people (as many as the real file's by default: `write_full_ratings`). Their
    paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    generator = _Generator(movies, seed)
    # Trap rates per movie, as in the full files, with at least one of each.
    duplicate_every = max(1, min(movies, 45_466 // 40))
    corrupt_every = max(1, min(movies, 45_466 // 3))
    paths = {name: out_dir / f"{name}.csv" for name in ("movies_metadata", "credits", "keywords")}
    with (
        paths["movies_metadata"].open("w", newline="", encoding="utf-8") as movies_file,
        paths["credits"].open("w", newline="", encoding="utf-8") as credits_file,
        paths["keywords"].open("w", newline="", encoding="utf-8") as keywords_file,
    ):
        movies_csv, credits_csv, keywords_csv = (
            csv.writer(f, lineterminator="\n") for f in (movies_file, credits_file, keywords_file)
        )
        movies_csv.writerow(MOVIE_COLUMNS)
        credits_csv.writerow(("cast", "crew", "id"))
        keywords_csv.writerow(("id", "keywords"))
        for number, (movie, cast, crew, keywords) in enumerate(generator.rows(), start=1):
            if number == movies // 2 + 1:
                movie["release_date"] = ""
            row = [movie[c] for c in MOVIE_COLUMNS]
            if number % corrupt_every == corrupt_every // 3:
                movies_file.write(broken_record(movie))
            else:
                movies_csv.writerow(row)
            credits_csv.writerow((cast, crew, movie["id"]))
            keywords_csv.writerow((movie["id"], repr(keywords)))
            if number % duplicate_every == duplicate_every // 2:
                movies_csv.writerow(row)
                credits_csv.writerow((cast, crew, movie["id"]))
    if ratings in ("small", "full"):
        paths |= write_ratings(out_dir, generator.ids, seed)
    if ratings == "full":
        paths |= write_full_ratings(out_dir, generator.ids, seed, people or FULL_PEOPLE)
    return paths


# As large as the real ratings_small: 671 people, 100,004 ratings of 9,066 movies.
RATING_PEOPLE, RATINGS, RATED_MOVIES = 671, 100_004, 9_066


def write_ratings(out_dir: Path, tmdb_ids: list[int], seed: int = 0) -> dict[str, Path]:
    """ratings_small.csv and links_small.csv over some of `tmdb_ids`, in the real files' format and
    with their traps: links without a TMDB id, ratings of movies the links do not know, a person
    rating one movie twice under two MovieLens ids, and a few people far more active than the rest.
    Each person keeps to a few "tastes" (blocks of movies), so that co-likes have something to learn."""
    rng = random.Random(seed + 1)
    rated = rng.sample(tmdb_ids, min(RATED_MOVIES, len(tmdb_ids)))
    paths = {"ratings_small": out_dir / "ratings_small.csv", "links_small": out_dir / "links_small.csv"}
    with paths["links_small"].open("w", newline="", encoding="utf-8") as handle:
        links = csv.writer(handle, lineterminator="\n")
        links.writerow(("movieId", "imdbId", "tmdbId"))
        for movielens, tmdb in enumerate(rated, start=1):
            links.writerow((movielens, f"{rng.randint(1, 9_999_999):07d}", "" if movielens % 500 == 0 else tmdb))
        links.writerow((len(rated) + 1, "0000001", rated[0]))  # a second MovieLens id of one movie
    activity = [rng.paretovariate(1.2) for _ in range(RATING_PEOPLE)]
    per_person = [max(20, round(RATINGS * weight / sum(activity))) for weight in activity]
    blocks = max(1, len(rated) // 200)
    with paths["ratings_small"].open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(("userId", "movieId", "rating", "timestamp"))
        for person, count in enumerate(per_person, start=1):
            tastes = rng.sample(range(blocks), min(blocks, 3))
            clock = rng.randint(820_000_000, 1_470_000_000)
            for _ in range(min(count, len(rated))):
                if rng.random() < 0.7:
                    movie = rng.choice(tastes) * 200 + min(199, int(rng.expovariate(0.05)))
                else:
                    movie = min(len(rated) - 1, int(rng.expovariate(4 / len(rated))))
                liked = movie // 200 in tastes
                stars = min(10, max(1, round(rng.gauss(8 if liked else 6, 1.5))))
                clock += rng.randint(1, 3_000)
                out.writerow((person, min(movie, len(rated) - 1) + 1, stars / 2, clock))
            if person == 1:
                out.writerow((person, len(rated) + 1, 4.5, clock + 1))  # the same movie again, later
                out.writerow((person, len(rated) + 50, 3.0, clock + 2))  # a movie the links do not know
    return paths


# As large as the real ratings.csv: 26,024,289 ratings by 270,896 people of 45,115 movies (links.csv: 45,843
# MovieLens ids, 219 of them with no TMDB id).
FULL_PEOPLE = 270_896
# How many ratings a person gives: median 30, long-tailed (a mean of about 96), at most MOST_ACTIVE.
ACTIVITY_MEDIAN, ACTIVITY_SPREAD, MOST_ACTIVE = 30, 1.72, 4_000
# The real file's stars, half a star to five: about half of them 4 or more, 82% 3 or more.
STARS = np.arange(1, 11) / 2
STAR_SHARES = np.array([1.6, 3.2, 1.6, 7.0, 4.7, 20.1, 12.2, 26.4, 8.7, 14.5]) / 100
TASTES = 300  # groups of movies a person keeps to (a few each): the taste structure co-likes learn
TASTE_SHARE = 0.5  # of a person's ratings, the share drawn from their tastes


def write_full_ratings(out_dir: Path, tmdb_ids: list[int], seed: int = 0, people: int = FULL_PEOPLE) -> dict[str, Path]:
    """ratings.csv and links.csv in the real files' format and shape: `people` people (the real file's
    270,896 by default), each rating a long-tailed number of movies (median 30, a few thousand at most),
    the movies' popularity long-tailed, the real distribution of stars; each person keeps to a few tastes
    (groups of movies), rates those higher and in runs, so co-likes and what people liked next have
    something to learn. Sorted by person then movie, CRLF line ends, as the real file. The links have
    the real file's traps: MovieLens ids without a TMDB id, TMDB ids with two MovieLens ids; a few ratings
    name MovieLens ids the links do not know. Vectorised: the real size takes about a minute."""
    rng = np.random.default_rng(seed + 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    movies = len(tmdb_ids)
    movielens = np.cumsum(rng.integers(1, 5, movies))  # MovieLens ids: ascending, with gaps
    paths = {"ratings": out_dir / "ratings.csv", "links": out_dir / "links.csv"}
    _write_links(paths["links"], movielens, np.asarray(tmdb_ids), rng)

    popularity = (np.arange(movies) + 100.0) ** -1.3  # by rank; ranks shuffled over the movies
    popularity /= popularity.sum()
    ranked = rng.permutation(movies)  # ranked[r]: the movie of popularity rank r
    group = rng.integers(0, TASTES, movies)
    activity = np.exp(rng.normal(np.log(ACTIVITY_MEDIAN), ACTIVITY_SPREAD, people)).astype(np.int64)
    activity = activity.clip(1, MOST_ACTIVE)
    tastes = rng.integers(0, TASTES, (people, 3))

    with paths["ratings"].open("w", newline="", encoding="utf-8") as handle:
        handle.write("userId,movieId,rating,timestamp\r\n")
        for first in range(0, people, 20_000):  # a block of people at a time: bounded memory
            last = min(people, first + 20_000)
            person, movie, taste = _draws(rng, activity[first:last], tastes[first:last], ranked, popularity, group)
            stars = _stars(rng, taste)
            clock = _clocks(rng, person)
            unknown = rng.random(len(movie)) < 1e-5  # a MovieLens id the links do not know
            ids = np.where(unknown, movielens[-1] + 100_000 + movie, movielens[movie])
            order = np.lexsort((ids, person))
            frame = pd.DataFrame(
                {
                    "userId": person[order] + first + 1,
                    "movieId": ids[order],
                    "rating": stars[order],
                    "timestamp": clock[order],
                }
            )
            frame.to_csv(handle, header=False, index=False, lineterminator="\r\n")
    return paths


def _write_links(path: Path, movielens: np.ndarray, tmdb_ids: np.ndarray, rng: np.random.Generator) -> None:
    """links.csv: movieId, imdbId, tmdbId for every movie; about 0.5% without a TMDB id, and a few TMDB ids
    under two MovieLens ids (the second, a later id, listed at the end as in the real file)."""
    tmdb = pd.array(tmdb_ids, dtype="Int64")
    tmdb[rng.random(len(tmdb)) < 0.005] = pd.NA
    twice = rng.choice(len(tmdb_ids), 29, replace=False)
    frame = pd.DataFrame(
        {
            "movieId": np.r_[movielens, movielens[-1] + 1_000 + np.arange(len(twice))],
            "imdbId": [f"{number:07d}" for number in rng.integers(1, 9_999_999, len(tmdb_ids) + len(twice))],
            "tmdbId": pd.concat([pd.Series(tmdb), pd.Series(tmdb_ids[twice], dtype="Int64")], ignore_index=True),
        }
    )
    frame.to_csv(path, index=False, lineterminator="\r\n")


def _draws(rng, activity, tastes, ranked, popularity, group):
    """Each person's movies in the order they rated them (no movie twice), and whether each is of their tastes."""
    drawn = (activity * 1.3).astype(np.int64) + 2  # more than needed: repeats are dropped below
    person = np.repeat(np.arange(len(activity)), drawn)
    from_taste = rng.random(len(person)) < TASTE_SHARE
    movie = ranked[np.minimum(np.searchsorted(np.cumsum(popularity), rng.random(len(person))), len(ranked) - 1)]
    # A taste's movies, by popularity within the taste: one cumulative share per taste, offset by its number.
    by_group = np.lexsort((np.arange(len(ranked)), group[ranked]))  # ranks, grouped, most popular first
    members = ranked[by_group]
    shares = popularity[by_group]
    group_of = group[members]
    totals = np.bincount(group_of, weights=shares, minlength=TASTES)
    cumulative = group_of + (np.cumsum(shares) - np.r_[0, np.cumsum(totals)][group_of]) / np.where(
        totals[group_of] > 0, totals[group_of], 1
    )
    chosen = tastes[person[from_taste], rng.integers(0, tastes.shape[1], from_taste.sum())]
    place = np.searchsorted(cumulative, chosen + rng.random(from_taste.sum()) * 0.999999)
    movie[from_taste] = members[np.minimum(place, len(members) - 1)]
    taste = (group[movie][:, None] == tastes[person]).any(axis=1)
    _, first = np.unique(person * len(ranked) + movie, return_index=True)  # the first time each is drawn
    first.sort()
    person, movie, taste = person[first], movie[first], taste[first]
    place = np.arange(len(person)) - np.r_[0, np.cumsum(np.bincount(person, minlength=len(activity)))][person]
    kept = place < activity[person]
    return person[kept], movie[kept], taste[kept]


def _stars(rng, taste: np.ndarray) -> np.ndarray:
    """Half a star to five, the real shares overall: a person's tastes rated higher, the rest lower."""
    loved = STAR_SHARES * np.exp(np.linspace(-1, 1, len(STARS)))
    loved /= loved.sum()
    share = taste.mean() if len(taste) else 0.0
    other = (STAR_SHARES - share * loved).clip(min=1e-4)  # so that both together give the real shares
    stars = np.empty(len(taste))
    for chosen, shares in ((taste, loved), (~taste, other)):
        stars[chosen] = rng.choice(STARS, chosen.sum(), p=shares / shares.sum())
    return stars


def _clocks(rng, person: np.ndarray) -> np.ndarray:
    """Unix times: each person starts some day from 1996 to 2016 and rates in the order drawn, minutes to days apart."""
    starts = rng.integers(820_000_000, 1_470_000_000, person.max(initial=0) + 1)
    steps = rng.exponential(20_000, len(person)).astype(np.int64) + 1
    within = np.cumsum(steps)
    first = np.r_[0, np.flatnonzero(np.diff(person)) + 1]
    offsets = np.repeat(within[first] - steps[first], np.diff(np.r_[first, len(person)]))
    return starts[person] + within - offsets
