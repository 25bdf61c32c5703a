"""What the build writes and reads: file names and the raw files' required columns, shared by both sides."""

CATALOG_FILE = "catalog.parquet"
MANIFEST_FILE = "manifest.json"
MATRIX_FILE = "recommender.npz"
MODEL_FILE = "recommender.json"

RAW_NAMES = {
    "movies": ("movies_metadata.csv", "movies_dataset.csv"),
    "credits": ("credits.csv",),
    "keywords": ("keywords.csv",),
}
REQUIRED_COLUMNS = {
    "movies": (
        "belongs_to_collection",
        "budget",
        "genres",
        "id",
        "imdb_id",
        "original_language",
        "original_title",
        "overview",
        "popularity",
        "poster_path",
        "production_companies",
        "production_countries",
        "release_date",
        "revenue",
        "runtime",
        "spoken_languages",
        "title",
        "vote_average",
        "vote_count",
    ),
    "credits": ("cast", "crew", "id"),
    "keywords": ("id", "keywords"),
}
