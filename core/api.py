"""The HTTP API (FastAPI): the course's six routes and the recommender, a thin adapter over `core.service`.

The catalog is loaded once at start and only read afterwards. A rebuild on disk does not touch the
loaded copy: a server answers from the catalog it started with, consistently, until it restarts.
"""

from __future__ import annotations

import inspect
import logging
import typing
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from urllib.parse import parse_qsl

import pydantic
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParameter
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from core import config, logs, queries
from core.errors import NotFound
from core.limits import MAX_EXCLUDED, MAX_EXCLUDED_POSTED, MAX_LIKED_IDS, MAX_RECOMMENDATIONS, MAX_TOP, id_list
from core.ranking import RankedMovie
from core.service import Answer, Service, dumps, not_found

logger = logging.getLogger(__name__)

CACHE_CONTROL = "public, max-age=3600"
# Answers kept per process (the catalog is immutable), bounded by their bytes, keys included.
ANSWER_BYTES_KEPT = 16 * 2**20
# The longest URL answered (path and query string, as sent); longer ones get a JSON 414. It holds the
# longest list of excluded ids a GET takes (limits.MAX_EXCLUDED, commas sent as %2C). Beyond about 64 kB
# uvicorn itself refuses the request, before it reaches the app, with a plain-text 400.
MAX_URL_BYTES = 24 * 1024
# The largest body POST /recomendacion reads (the longest list of excluded ids is about 80 kB); larger is a JSON 413.
MAX_BODY_BYTES = 256 * 1024
ALLOWED = "GET, HEAD"
MODE = "parecidas: películas parecidas (por defecto); gustos: lo que también les gustó a quienes les gustó."
Mode = typing.Literal["parecidas", "gustos"]
Id = typing.Annotated[int, pydantic.Field(ge=0, le=10**10)]
POPULARITY = "De 0 (joyas ocultas) a 1 (las conocidas); 0.5 o nada, el recomendador tal cual."
DIVERSE = "Como mucho una película por colección."
DESCRIPTION = """
Las seis consultas del curso y el recomendador de **Filmoteca**, sobre «The Movies Dataset» de
Kaggle (unas 45.000 películas de TMDB, licencia CC0): idiomas, duraciones, franquicias, países,
productoras, directores y películas recomendadas.

- Cada respuesta es el mismo JSON que `python -m core query … --json` o `python -m core recommend … --json`.
- Un nombre desconocido responde **404** con `error` y `sugerencias` (los nombres más parecidos).
- El catálogo no cambia entre construcciones: cada respuesta lleva `ETag` y `Cache-Control`, y un
  GET condicional (`If-None-Match`) recibe **304**. Solo lectura: CORS abierto para GET.
"""


class NotFoundBody(pydantic.BaseModel):
    error: str
    sugerencias: list[str]


class Health(pydantic.BaseModel):
    status: str
    peliculas: int
    catalogo: str


class MovieRef(pydantic.BaseModel):
    id: int
    titulo: str
    anio: int


class Recommended(pydantic.BaseModel):
    id: int
    titulo: str
    anio: int
    puntaje: float
    razon: str = pydantic.Field(
        description="Lo que comparte con la película que le gustó, o a cuántos les gustaron las dos."
    )
    coincidencias: int | None = pydantic.Field(
        description="A cuántas personas de las valoraciones les gustaron las dos (nota 4 o más); null si nadie valoró las dos."
    )


class Recommendations(pydantic.BaseModel):
    consulta: str
    pelicula: MovieRef
    modo: Mode
    recomendaciones: list[Recommended]
    mensaje: str


class RecommendationsByIds(pydantic.BaseModel):
    consulta: list[int]
    peliculas: list[MovieRef]
    modo: Mode
    recomendaciones: list[Recommended]
    mensaje: str


class RecommendationAsked(pydantic.BaseModel):
    """The body of POST /recomendacion: what GET /recomendacion?ids= asks, with a long list of seen movies."""

    model_config = pydantic.ConfigDict(extra="forbid")

    ids: list[Id] = pydantic.Field(
        min_length=1, max_length=MAX_LIKED_IDS, description=f"De 1 a {MAX_LIKED_IDS} ids de TMDB que gustaron."
    )
    k: int = pydantic.Field(5, ge=1, le=MAX_RECOMMENDATIONS, description="Cuántas recomendaciones.")
    modo: Mode = pydantic.Field("parecidas", description=MODE)
    excluir: list[Id] = pydantic.Field(
        [],
        max_length=MAX_EXCLUDED_POSTED,
        description=f"Ids que no recomendar (ya vistas; hasta {MAX_EXCLUDED_POSTED:,}).",
    )
    desde: int | None = None
    hasta: int | None = None
    genero: str | None = None
    idioma: str | None = None
    popularidad: float | None = pydantic.Field(
        None, ge=0, le=1, description="De 0 (joyas ocultas) a 1 (las conocidas)."
    )
    diversas: bool = False


class DescribedMovie(pydantic.BaseModel):
    id: int
    titulo: str
    anio: int
    puntaje: float
    razon: str


class Descriptions(pydantic.BaseModel):
    consulta: str
    peliculas: list[DescribedMovie]


class TopChart(pydantic.BaseModel):
    peliculas: list[RankedMovie]
    m: float
    C: float
    mensaje: str


def _response_model(query: queries.CourseQuery) -> type[pydantic.BaseModel]:
    """The query's result fields, then its sentence: the schema shows every field of the JSON."""
    result = typing.get_type_hints(query.answer)["return"]
    hints = typing.get_type_hints(result)
    columns = {field.name: (hints[field.name], ...) for field in fields(result) if field.name not in queries.PAGE_ONLY}
    return pydantic.create_model(result.__name__, **columns, mensaje=(str, ...))


def create_app(folder: Path) -> FastAPI:
    """The API over the catalog built at `folder`, loaded (with every lookup) before the first request.

    Routes are coroutines: each answer is a millisecond or less of CPU, cheaper on the event loop
    than handed to a thread pool (whose threads would also each grow their own malloc arena).
    """
    service = Service.load(folder, warm=True)
    app = FastAPI(
        title="Filmoteca API",
        description=DESCRIPTION,
        version="1.0",
        responses={404: {"model": NotFoundBody, "description": "Nada con ese nombre; los más parecidos"}},
    )
    app.state.answers = Answers(ANSWER_BYTES_KEPT)
    app.add_middleware(
        AnswerCache, answers=app.state.answers
    )  # inside CORS, which adds its headers to kept answers too
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"], allow_headers=["*"])
    app.add_middleware(HeadAndLongUrls)
    headers = {"ETag": service.etag, "Cache-Control": CACHE_CONTROL}

    def respond(request: Request, question: str, *arguments, missing: int = 404, **named) -> Response:
        """The service's answer as JSON with the build's ETag: `missing` (404) with suggestions on a
        miss, 304 when the client already has this answer (never in place of an error)."""
        try:
            payload, status = getattr(service, question)(*arguments, **named), 200
        except NotFound as error:
            payload, status = not_found(error), missing
        if status == 200 and _matches(request.headers.get("if-none-match"), service.etag):
            return Response(status_code=304, headers=headers)
        body = payload.payload if isinstance(payload, Answer) else payload
        return Response(dumps(body), status_code=status, media_type="application/json", headers=headers)

    @app.get("/health", response_model=Health, summary="Estado y tamaño del catálogo cargado")
    async def health(request: Request) -> Response:
        return respond(request, "health")

    for query in queries.QUERIES.values():
        app.get(
            f"/{query.name}/{{{query.argument}:path}}",
            response_model=_response_model(query),
            summary=(query.answer.__doc__ or query.name).splitlines()[0],
            name=query.name,
        )(_query_route(respond, query))

    @app.get(
        "/recomendacion/{titulo:path}",
        response_model=Recommendations,
        summary="Películas parecidas a esta, o lo que también les gustó a quienes les gustó",
    )
    async def recomendacion(
        request: Request,
        titulo: str = PathParameter(
            description="Título, con el año si hay varias (`Hamlet 1996`); se perdonan las erratas.",
            openapi_examples={"ejemplo": {"value": "Toy Story"}},
        ),
        k: int = Query(
            5, ge=1, le=MAX_RECOMMENDATIONS, description=f"Cuántas recomendaciones (1–{MAX_RECOMMENDATIONS})."
        ),
        modo: typing.Annotated[Mode, Query(description=MODE)] = "parecidas",
        desde: int | None = Query(None, description="Solo estrenadas este año o después."),
        hasta: int | None = Query(None, description="Solo estrenadas este año o antes."),
        genero: str | None = Query(None, description="Solo de este género (`Animation`, `Animación`)."),
        idioma: str | None = Query(None, description="Solo en este idioma original (`en`, `francés`)."),
        excluir: str = Query("", description=f"Ids que no recomendar (ya vistas; hasta {MAX_EXCLUDED:,})."),
        popularidad: float | None = Query(None, ge=0, le=1, description=POPULARITY),
        diversas: bool = Query(False, description=DIVERSE),
    ) -> Response:
        asked = {"desde": desde, "hasta": hasta, "genero": genero, "idioma": idioma, "modo": modo}
        asked |= {"excluir": _ids_or_422(excluir, MAX_EXCLUDED, "excluir"), "popularidad": popularidad}
        return respond(request, "recommend", titulo, k=k, diversas=diversas, **asked)

    @app.get(
        "/recomendacion",
        response_model=RecommendationsByIds,
        summary="Recomendadas para una lista de películas (por id), sin las ya vistas",
    )
    async def recomendacion_ids(
        request: Request,
        ids: str = Query(
            description=f"De 1 a {MAX_LIKED_IDS} ids de TMDB de películas que gustaron, separados por comas.",
            openapi_examples={"ejemplo": {"value": "862,8844"}},
        ),
        k: int = Query(
            5, ge=1, le=MAX_RECOMMENDATIONS, description=f"Cuántas recomendaciones (1–{MAX_RECOMMENDATIONS})."
        ),
        modo: typing.Annotated[Mode, Query(description=MODE)] = "parecidas",
        excluir: str = Query("", description=f"Ids que no recomendar (ya vistas; hasta {MAX_EXCLUDED:,})."),
        desde: int | None = Query(None, description="Solo estrenadas este año o después."),
        hasta: int | None = Query(None, description="Solo estrenadas este año o antes."),
        genero: str | None = Query(None, description="Solo de este género (`Animation`, `Animación`)."),
        idioma: str | None = Query(None, description="Solo en este idioma original (`en`, `francés`)."),
        popularidad: float | None = Query(None, ge=0, le=1, description=POPULARITY),
        diversas: bool = Query(False, description=DIVERSE),
    ) -> Response:
        liked, excluded = _ids_or_422(ids, MAX_LIKED_IDS, "ids"), _ids_or_422(excluir, MAX_EXCLUDED, "excluir")
        if not liked:
            raise HTTPException(422, "Parámetros inválidos: ids: al menos un id, como en 862,8844")
        asked = {"desde": desde, "hasta": hasta, "genero": genero, "idioma": idioma, "modo": modo}
        asked |= {"excluir": excluded, "popularidad": popularidad, "diversas": diversas}
        return respond(request, "recommend_ids", liked, k=k, **asked)

    @app.post(
        "/recomendacion",
        response_model=RecommendationsByIds,
        summary="Lo mismo que GET /recomendacion?ids=, con un cuerpo JSON: para una lista larga de ya vistas",
    )
    async def recomendacion_cuerpo(request: Request, asked: RecommendationAsked) -> Response:
        fields = asked.model_dump()
        liked = list(dict.fromkeys(fields.pop("ids")))
        fields["excluir"] = list(dict.fromkeys(fields["excluir"]))
        return respond(request, "recommend_ids", liked, **fields)

    @app.get(
        "/descripcion",
        response_model=Descriptions,
        summary="Películas que encajan con una descripción de su trama",
        responses={422: {"model": NotFoundBody, "description": "Ninguna palabra conocida en el texto"}},
    )
    async def descripcion(
        request: Request,
        texto: str = Query(
            description="De qué va la película, en inglés.",
            openapi_examples={"ejemplo": {"value": "a board game that lets jungle animals loose in a house"}},
        ),
        k: int = Query(10, ge=1, le=MAX_TOP, description=f"Cuántas películas (1–{MAX_TOP})."),
    ) -> Response:
        return respond(request, "describe", texto, k, missing=422)

    @app.get("/top", response_model=TopChart, summary="Las mejor valoradas (nota ponderada de IMDb)")
    async def top(
        request: Request,
        genero: str | None = Query(
            None, description="Un género, en inglés o en español (`Animación`).", examples=["Animation"]
        ),
        desde: int | None = Query(None, description="Estrenadas este año o después."),
        hasta: int | None = Query(None, description="Estrenadas este año o antes."),
        n: int = Query(10, ge=1, le=MAX_TOP, description=f"Cuántas películas (1–{MAX_TOP})."),
        excluir: str = Query("", description=f"Ids que no listar (ya vistas; hasta {MAX_EXCLUDED})."),
        diversas: bool = Query(False, description=DIVERSE),
    ) -> Response:
        excluded = _ids_or_422(excluir, MAX_EXCLUDED, "excluir")
        return respond(request, "top", genero, desde, hasta, n, excluded, diversas)

    _json_errors(app)
    return app


def _ids_or_422(text: str, most: int, what: str) -> list[int]:
    try:
        return id_list(text, most, what)
    except ValueError as error:
        raise HTTPException(422, f"Parámetros inválidos: {error}") from None


class HeadAndLongUrls:
    """HEAD answers every GET route as its GET would, without the body (monitors use HEAD); a URL
    longer than MAX_URL_BYTES gets a JSON 414, and a body longer than MAX_BODY_BYTES a JSON 413,
    before any routing (a body is read only that far)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"]) > MAX_URL_BYTES:
            error = f"La URL pasa de {MAX_URL_BYTES} bytes: acórtala"
            await _send_json(send, 414, {"error": error, "sugerencias": []})
            return
        if scope["method"] not in ("GET", "HEAD"):
            if (body := await _body_within(receive, MAX_BODY_BYTES)) is None:
                error = f"El cuerpo pasa de {MAX_BODY_BYTES} bytes: acórtalo"
                await _send_json(send, 413, {"error": error, "sugerencias": []})
                return
            await self.app(scope, _replay(body, receive), send)
            return
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message) -> None:
            await send(
                {**message, "body": b"", "more_body": False} if message["type"] == "http.response.body" else message
            )

        await self.app({**scope, "method": "GET"}, receive, without_body)


async def _body_within(receive, most: int) -> bytes | None:
    """The request's body, or None as soon as it is longer than `most` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)  # the client left: the app will see an empty body
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > most:
            return None
        if not message.get("more_body"):
            return b"".join(chunks)


def _replay(body: bytes, receive):
    """A `receive` that hands the app the body already read, then the server's next messages."""
    sent = False

    async def replaying() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replaying


async def _send_json(send, status: int, payload: dict) -> None:
    body = dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Answers:
    """The answers kept, oldest first, within a budget of bytes (bodies, headers and keys)."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self.kept: OrderedDict[tuple, tuple[int, list, bytes, int]] = OrderedDict()

    def get(self, key: tuple):
        if (kept := self.kept.get(key)) is not None:
            self.kept.move_to_end(key)
        return kept

    def keep(self, key: tuple, status: int, headers: list, body: bytes) -> None:
        size = len(body) + sum(len(name) + len(value) for name, value in headers) + len(repr(key))
        if size > self.budget // 16 or key in self.kept:  # never one answer for a large share of the budget
            return
        self.kept[key] = (status, headers, body, size)
        self.size += size
        while self.size > self.budget:
            *_, dropped = self.kept.popitem(last=False)[1]
            self.size -= dropped


class AnswerCache:
    """Repeated GETs answered from memory before routing: the catalog never changes between builds.

    Keeps JSON answers (200 or 404) by path and the query parameters the routes read, so `?k=5&x=1`
    and `?x=2&k=5` are one answer and junk parameters cannot fill the memory; within a budget of
    bytes. A repeated question then costs less than the framework's routing. Conditional GETs go
    through to the routes, which answer 304.
    """

    def __init__(self, app, answers: Answers):
        self.app = app
        self.answers = answers
        self.parameters: frozenset[str] | None = None  # what the routes read, learned on the first request

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or _conditional(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], self._known(scope))
        if (kept := self.answers.get(key)) is None:
            await self.app(scope, receive, self._keeping(key, send))
            return
        status, headers, body, _ = kept
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _known(self, scope) -> tuple:
        """The query parameters a route reads, each with its last value (as FastAPI reads them), sorted."""
        if self.parameters is None:
            routes = [route for route in scope["app"].routes if isinstance(route, APIRoute)]
            self.parameters = frozenset(p.alias for route in routes for p in route.dependant.query_params)
        pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        return tuple(sorted({name: value for name, value in pairs if name in self.parameters}.items()))

    def _keeping(self, key: tuple, send):
        """`send`, keeping a JSON answer of one body on its way out."""
        start: dict = {}

        async def keeping(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif not message.get("more_body") and _keepable(start):
                self.answers.keep(key, start["status"], list(start.get("headers", [])), message.get("body", b""))
            await send(message)

        return keeping


def _conditional(scope) -> bool:
    return any(name == b"if-none-match" for name, _ in scope["headers"])


def _keepable(start: dict) -> bool:
    headers = dict(start.get("headers", []))
    return start.get("status") in (200, 404) and headers.get(b"content-type") == b"application/json"


def _query_route(respond: Callable[..., Response], query: queries.CourseQuery) -> Callable:
    """A GET route for one course query, its path parameter named as in the course."""

    async def route(request: Request, **path: str) -> Response:
        return respond(request, "query", query.name, path[query.argument])

    parameter = PathParameter(
        description=query.labels("es").help, openapi_examples={"ejemplo": {"value": query.example}}
    )
    route.__signature__ = inspect.Signature(
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
            inspect.Parameter(query.argument, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=parameter),
        ]
    )
    route.__name__ = query.name
    return route


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether a conditional GET's validators name this build (weak or strong, or any with `*`)."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def _methods(app: FastAPI, scope) -> str:
    """The methods the routes of this path answer (HEAD wherever GET), as an Allow header says them."""
    from starlette.routing import Match

    methods = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and route.matches(scope)[0] != Match.NONE:
            methods |= route.methods | ({"HEAD"} if "GET" in route.methods else set())
    return ", ".join(method for method in ("GET", "HEAD", "POST") if method in methods) or ALLOWED


def _json_errors(app: FastAPI) -> None:
    """Every error as JSON {"error", "sugerencias"}: unknown routes, invalid parameters, and (never expected) bugs."""

    def body(status: int, error: str, suggestions: list[str] = ()) -> Response:
        return Response(
            dumps({"error": error, "sugerencias": list(suggestions)}), status, media_type="application/json"
        )

    routes = [f"/{query.name}/{{{query.argument}}}" for query in queries.QUERIES.values()]
    routes += ["/recomendacion/{titulo}", "/recomendacion?ids=", "POST /recomendacion", "/descripcion", "/top"]
    routes += ["/health", "/docs"]

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            return body(404, f"No existe la ruta {request.url.path[:80]}; las rutas son estas", routes)
        if error.status_code == 405:
            allowed = _methods(app, request.scope)
            answer = body(405, f"Esta ruta responde a {allowed}: solo lectura")
            answer.headers["Allow"] = allowed
            return answer
        answer = body(error.status_code, str(error.detail))
        answer.headers.update(error.headers or {})
        return answer

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors())
        return body(422, f"Parámetros inválidos: {problems}")

    @app.exception_handler(Exception)
    def bug(request: Request, error: Exception) -> Response:
        logger.error("500 on %s %s", request.method, request.url.path, exc_info=error)
        return body(500, "Error interno: no es culpa de la consulta")


def app_from_config() -> FastAPI:
    """The factory uvicorn's workers call: the catalog at `FILMOTECA_CATALOG_DIR` (or data/catalog)."""
    return create_app(config.catalog_dir())


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, access_log: bool = False) -> None:
    """Run the API with uvicorn; each worker process loads its own read-only copy of the catalog.

    uvicorn's own log settings, with the project's loggers beside its own: a 5xx logs its traceback,
    and `access_log` logs every request (off by default: at thousands of requests a second, the log
    would cost more than the answers).
    """
    import uvicorn

    config.use_catalog_dir(folder)
    uvicorn.run(
        "core.api:app_from_config",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_config=logs.uvicorn_config(),
    )
