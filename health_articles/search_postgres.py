"""The PostgreSQL half of `search_backend` (imported only on PostgreSQL: it needs psycopg)."""

from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value
from django.db.models.sql.subqueries import InsertQuery
from django.utils.translation import get_language

from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.index import SearchField
from modelsearch.utils import ADD, get_content_type_pk

from shop_links.i18n import field_languages

from .search_backend import POSTGRES_CONFIGS


class LanguageObjectIndexer(pg.ObjectIndexer):
    """Builds the title and body vectors with each column stemmed in its own language."""

    def __init__(self, obj, backend):
        super().__init__(obj, backend)
        self.backend = backend
        self.languages, columns = field_languages(type(obj))
        indexed = {field.field_name for field in self.search_fields}
        # A translated field read through its plain name gives the active language's text;
        # when its columns are indexed themselves, that copy would be indexed twice.
        self.skipped = {base for base, names in columns.items() if names & indexed}

    def texts(self, title):
        """(text, weight, configuration) for the title fields, or for all the others."""
        texts = []
        for field in self.search_fields:
            if field.field_name in self.skipped:
                continue
            for current, weight, value in self.prepare_field(self.obj, field):
                if not isinstance(current, SearchField):
                    continue
                name = current.field_name
                language = self.languages.get(name)
                base = name.removesuffix(f"_{language}") if language else name
                if (base == "title") == title:
                    config = self.backend.config_for(language or get_language())
                    texts.append((value, weight, config))
        return texts

    def as_vector(self, texts, for_autocomplete=False):
        if for_autocomplete:
            return super().as_vector(texts, for_autocomplete=True)
        vectors = [
            SearchVector(
                Value(text.strip(), output_field=TextField()), weight=weight, config=config
            )
            for text, weight, config in texts
            if text.strip()
        ]
        return ADD(vectors) if vectors else pg.EMPTY_VECTOR

    @property
    def title(self):
        return self.as_vector(self.texts(title=True))

    @property
    def body(self):
        return self.as_vector(self.texts(title=False))


class LanguagePostgresIndex(pg.PostgresIndex):
    def add_items(self, model, objs):
        """Wagtail's upsert of index entries, with vectors from LanguageObjectIndexer."""
        if not model.get_search_fields():
            return
        indexers = [LanguageObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(pg.IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for indexer in indexers:
            params.extend((content_type_pk, indexer.id))
            vectors = []
            for column in ("title", "autocomplete", "body"):
                field = pg.IndexEntry._meta.get_field(column)
                value = compiler.prepare_value(field, getattr(indexer, column))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                vectors.append(sql)
                params.extend(value_params)
            params.extend((indexer.title_text, indexer.body_text))
            rows.append(f"(%s, %s, {', '.join(vectors)}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {pg.IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm,
                     title_text, body_text)
                (VALUES {", ".join(rows)})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
                """,
                params,
            )
        self._refresh_title_norms()


class LanguageSearchQueryCompiler(pg.PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for(get_language())


class LanguagePostgresSearchBackend(pg.PostgresSearchBackend):
    query_compiler_class = LanguageSearchQueryCompiler
    index_class = LanguagePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = {**POSTGRES_CONFIGS, **params.get("LANGUAGE_CONFIGS", {})}

    def config_for(self, language):
        """The text-search configuration for a language code (`nl`, `en-gb`, ...)."""
        if language:
            language = language.lower()
            config = self.language_configs.get(language)
            config = config or self.language_configs.get(language.split("-")[0])
            if config:
                return config
        return self.config or "simple"
