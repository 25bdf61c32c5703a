"""Filmoteca's core: the catalog, its queries and models, in plain Python shared by the three doors."""

from core import config

config.use_system_allocator()  # before anything imports pyarrow
