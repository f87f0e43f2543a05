"""config/cache.py: Django's Redis cache, one Redis client per connection pool."""

import os

import pytest

from config.cache import RedisCache

pytestmark = [
    pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs Redis (TEST_REDIS_URL)"),
    # Other tests of that group flush TEST_REDIS_URL's database.
    pytest.mark.xdist_group("shared_services"),
]


def test_one_client_serves_every_call_and_the_cache_works():
    cache = RedisCache(os.environ["TEST_REDIS_URL"], {"KEY_PREFIX": "test-config-cache"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("answer", {"value": 42})
    assert cache.get("answer") == {"value": 42}
    assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
    cache.delete("answer")
    assert cache.get("answer") is None
