"""The HTTP API (FastAPI): the course's six routes and the recommender, a thin adapter over `core.service`.

The catalog is loaded once at start and only read afterwards. A rebuild on disk does not touch the
loaded copy: a server answers from the catalog it started with, consistently, until it restarts.
"""

from __future__ import annotations

import dataclasses
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

from core import config, logs
from core.service import (
    BadRequest,
    DescribeRequest,
    NotFound,
    QueryRequest,
    RecommendRequest,
    Service,
    TopRequest,
    answer_types,
    as_json,
    asks,
    course_queries,
    dumps,
    help_of,
    ids_from,
    limits,
    words,
)

logger = logging.getLogger(__name__)
SPANISH = words("es")  # the API's docs and messages are in Spanish, the course's language

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
Id = typing.Annotated[int, pydantic.Field(ge=0, le=10**10)]


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
    razon: str = pydantic.Field(description=SPANISH("api.field.razon"))
    coincidencias: int | None = pydantic.Field(description=SPANISH("api.field.coincidencias"))


Mode = typing.Literal[limits.MODES]


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


class DescribedMovie(pydantic.BaseModel):
    id: int
    titulo: str
    anio: int
    puntaje: float
    razon: str


class Descriptions(pydantic.BaseModel):
    consulta: str
    peliculas: list[DescribedMovie]


RankedMovie = answer_types()["RankedMovie"]  # a chart's movie, as the core holds it


class TopChart(pydantic.BaseModel):
    peliculas: list[RankedMovie]
    m: float
    C: float
    mensaje: str


def parameters(request: type, name: str, skip: tuple[str, ...] = (), text_ids: tuple[str, ...] | None = None):
    """A pydantic model of what a route asks for, derived from the request type's own declaration (core.requests):
    each field's type, default, bounds, choices and help. `text_ids`: lists of ids the route takes written
    `862,8844` (a GET's query string); other lists are JSON lists (a POST's body)."""
    fields = {}
    for each, ask, kind in asks(request):
        if each.name in skip:
            continue
        described = {"description": help_of(ask, SPANISH)}
        default = ... if each.default is dataclasses.MISSING else each.default
        if text_ids is not None and each.name in text_ids:
            fields[each.name] = (str, pydantic.Field("" if default == () else default, **described))
        elif ask.most is not None:  # counted by the request itself, each id once (as every door counts them)
            fields[each.name] = (list[Id], pydantic.Field(list(default) if default != ... else default, **described))
        elif ask.choices:
            fields[each.name] = (typing.Literal[ask.choices], pydantic.Field(default, **described))
        else:
            bounds = {key: value for key, value in (("ge", ask.low), ("le", ask.high)) if value is not None}
            fields[each.name] = (kind, pydantic.Field(default, **bounds, **described))
    config = pydantic.ConfigDict(extra="forbid") if text_ids is None else None
    return pydantic.create_model(name, __config__=config, **fields)


RecommendParameters = parameters(RecommendRequest, "RecommendParameters", ("titles", "ids"), ("excluir",))
RecommendByIdsParameters = parameters(RecommendRequest, "RecommendByIdsParameters", ("titles",), ("ids", "excluir"))
RecommendationAsked = parameters(RecommendRequest, "RecommendationAsked", ("titles",))
TopParameters = parameters(TopRequest, "TopParameters", text_ids=("excluir",))
DescribeParameters = parameters(DescribeRequest, "DescribeParameters", text_ids=())


def _response_model(query) -> type[pydantic.BaseModel]:
    """The query's result fields, then its sentence: the schema shows every field of the JSON."""
    from core.queries import PAGE_ONLY

    result = typing.get_type_hints(query.answer)["return"]
    hints = typing.get_type_hints(result)
    columns = {field.name: (hints[field.name], ...) for field in fields(result) if field.name not in PAGE_ONLY}
    return pydantic.create_model(result.__name__, **columns, mensaje=(str, ...))


def create_app(folder: Path) -> FastAPI:
    """The API over the catalog built at `folder`, loaded (with every lookup) before the first request.

    Routes are coroutines: each answer is a millisecond or less of CPU, cheaper on the event loop
    than handed to a thread pool (whose threads would also each grow their own malloc arena).
    """
    service = Service.load(folder, warm=True)
    app = FastAPI(
        title="Filmoteca API",
        description=SPANISH("api.description"),
        version="1.0",
        responses={404: {"model": NotFoundBody, "description": SPANISH("api.not_found")}},
    )
    app.state.answers = Answers(ANSWER_BYTES_KEPT)
    app.add_middleware(
        AnswerCache, answers=app.state.answers
    )  # inside CORS, which adds its headers to kept answers too
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"], allow_headers=["*"])
    app.add_middleware(HeadAndLongUrls)
    headers = {"ETag": service.etag, "Cache-Control": CACHE_CONTROL}

    def respond(request: Request, question: Callable[[], object], missing: int = 404) -> Response:
        """The answer to `question` as the course's JSON with the build's ETag: `missing` (404) with
        suggestions on a miss, 422 for a request that asks what cannot be, 304 when the client
        already has this answer (never in place of an error)."""
        try:
            payload, status = as_json(question()), 200
        except NotFound as error:
            payload, status = as_json(error), 422 if isinstance(error, BadRequest) else missing
        if status == 200 and _matches(request.headers.get("if-none-match"), service.etag):
            return Response(status_code=304, headers=headers)
        return Response(dumps(payload), status_code=status, media_type="application/json", headers=headers)

    @app.get("/health", response_model=Health, summary=SPANISH("api.summary.health"))
    async def health(request: Request) -> Response:
        return respond(request, service.health)

    for query in course_queries().values():
        app.get(
            f"/{query.name}/{{{query.argument}:path}}",
            response_model=_response_model(query),
            summary=(query.answer.__doc__ or query.name).splitlines()[0],
            name=query.name,
        )(_query_route(respond, service, query))

    @app.get("/recomendacion/{titulo:path}", response_model=Recommendations, summary=SPANISH("api.summary.titulo"))
    async def recomendacion(
        request: Request,
        asked: typing.Annotated[RecommendParameters, Query()],
        titulo: str = PathParameter(
            description=help_of(dict(asks_of(RecommendRequest))["titles"], SPANISH),
            openapi_examples={"ejemplo": {"value": "Toy Story"}},
        ),
    ) -> Response:
        fields = asked.model_dump() | {"excluir": _ids_or_422(asked.excluir, "excluir")}
        return respond(request, lambda: service.recommend(RecommendRequest(titles=(titulo,), **fields)))

    @app.get("/recomendacion", response_model=RecommendationsByIds, summary=SPANISH("api.summary.ids"))
    async def recomendacion_ids(
        request: Request, asked: typing.Annotated[RecommendByIdsParameters, Query()]
    ) -> Response:
        fields = asked.model_dump()
        liked = _ids_or_422(fields.pop("ids"), "ids")
        fields["excluir"] = _ids_or_422(fields["excluir"], "excluir")
        return respond(request, lambda: service.recommend(RecommendRequest.of_ids(liked, **fields)))

    @app.post("/recomendacion", response_model=RecommendationsByIds, summary=SPANISH("api.summary.post"))
    async def recomendacion_cuerpo(request: Request, asked: RecommendationAsked) -> Response:
        fields = asked.model_dump()
        return respond(request, lambda: service.recommend(RecommendRequest.of_ids(fields.pop("ids"), **fields)))

    @app.get(
        "/descripcion",
        response_model=Descriptions,
        summary=SPANISH("api.summary.descripcion"),
        responses={422: {"model": NotFoundBody, "description": SPANISH("api.no_word")}},
    )
    async def descripcion(request: Request, asked: typing.Annotated[DescribeParameters, Query()]) -> Response:
        return respond(request, lambda: service.describe(DescribeRequest(**asked.model_dump())), missing=422)

    @app.get("/top", response_model=TopChart, summary=SPANISH("api.summary.top"))
    async def top(request: Request, asked: typing.Annotated[TopParameters, Query()]) -> Response:
        fields = asked.model_dump() | {"excluir": _ids_or_422(asked.excluir, "excluir")}
        return respond(request, lambda: service.top(TopRequest(**fields)))

    _json_errors(app)
    return app


def asks_of(request: type) -> list[tuple[str, object]]:
    """Each asked field's name and how it is asked for."""
    return [(each.name, ask) for each, ask, _ in asks(request)]


def _ids_or_422(text: str, what: str) -> tuple[int, ...]:
    """A query string's ids, each once (the request counts them, as every door does); 422 if they are not ids."""
    try:
        return ids_from(text, limits.MAX_EXCLUDED, what)
    except BadRequest as error:
        raise HTTPException(422, SPANISH("api.invalid", problems=error.say("es"))) from None


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
            error = SPANISH("api.url_too_long", most=MAX_URL_BYTES)
            await _send_json(send, 414, {"error": error, "sugerencias": []})
            return
        if scope["method"] not in ("GET", "HEAD"):
            if (body := await _body_within(receive, MAX_BODY_BYTES)) is None:
                error = SPANISH("api.body_too_long", most=MAX_BODY_BYTES)
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
            self.parameters = frozenset(name for route in routes for name in _query_names(route))
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


def _query_names(route: APIRoute) -> list[str]:
    """The query parameters a route reads: its own, and each field of a model it reads from the query string."""
    names = []
    for parameter in route.dependant.query_params:
        model = parameter.field_info.annotation
        if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
            names += [field.alias or name for name, field in model.model_fields.items()]
        else:
            names.append(parameter.alias)
    return names


def _conditional(scope) -> bool:
    return any(name == b"if-none-match" for name, _ in scope["headers"])


def _keepable(start: dict) -> bool:
    headers = dict(start.get("headers", []))
    return start.get("status") in (200, 404) and headers.get(b"content-type") == b"application/json"


def _query_route(respond: Callable[..., Response], service: Service, query) -> Callable:
    """A GET route for one course query, its path parameter named as in the course."""

    async def route(request: Request, **path: str) -> Response:
        return respond(request, lambda: service.query(QueryRequest(query.name, path[query.argument])))

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

    routes = [f"/{query.name}/{{{query.argument}}}" for query in course_queries().values()]
    routes += ["/recomendacion/{titulo}", "/recomendacion?ids=", "POST /recomendacion", "/descripcion", "/top"]
    routes += ["/health", "/docs"]

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 404:
            return body(404, SPANISH("api.no_route", path=request.url.path[:80]), routes)
        if error.status_code == 405:
            allowed = _methods(app, request.scope)
            answer = body(405, SPANISH("api.methods", allowed=allowed))
            answer.headers["Allow"] = allowed
            return answer
        if error.status_code == 400 and request.method == "POST":  # FastAPI could not read the body as JSON
            return body(400, SPANISH("api.body_not_json", example=BODY_EXAMPLE))
        answer = body(error.status_code, str(error.detail))
        answer.headers.update(error.headers or {})
        return answer

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        if any(problem["loc"] == ("body",) for problem in error.errors()):  # no JSON object: what to send
            return body(422, SPANISH("api.body_not_object", example=BODY_EXAMPLE))
        return body(422, SPANISH("api.invalid", problems="; ".join(_said(problem) for problem in error.errors())))

    @app.exception_handler(Exception)
    def bug(request: Request, error: Exception) -> Response:
        logger.error("500 on %s %s", request.method, request.url.path, exc_info=error)
        return body(500, SPANISH("api.internal"))


# What POST /recomendacion takes, as its errors show it.
BODY_EXAMPLE = '{"ids": [862, 8844], "excluir": [863], "modo": "gustos"}'


def _said(problem: dict) -> str:
    """One of pydantic's problems with a parameter, in Spanish: the field as the request names it, then what
    is wrong (the catalogue's api.problem.<type>; pydantic's own English for a kind it has no words for)."""
    field = ".".join(str(part) for part in problem["loc"][1:])
    key = f"api.problem.{problem['type']}"
    values = {name: str(value)[:60] for name, value in (problem.get("ctx") or {}).items()}
    said = SPANISH(key, **values) if SPANISH.has(key) else problem["msg"]
    return f"{field}: {said}"


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
