"""Numbered schema migrations. Append only: never edit a migration that has shipped."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: pages, articles with FTS5, failures, stories, analyses cache
    """
    CREATE TABLE pages (
        sha256 TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        url TEXT,
        fetched_at TEXT NOT NULL,
        status INTEGER,
        content_type TEXT,
        size INTEGER NOT NULL,
        body BLOB NOT NULL               -- zlib-compressed raw bytes
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        authors TEXT NOT NULL DEFAULT '[]',
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        sentences TEXT NOT NULL DEFAULT '[]',
        page_sha256 TEXT,
        provenance TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, outlet, content='articles', content_rowid='seq'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text, outlet) VALUES (new.seq, new.title, new.text, new.outlet);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text, outlet)
        VALUES ('delete', old.seq, old.title, old.text, old.outlet);
    END;
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE(source, stage, reason)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_seen TEXT,
        last_seen TEXT,
        pinned INTEGER NOT NULL DEFAULT 0,
        copies TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE analyses (
        story_id TEXT PRIMARY KEY,
        key TEXT NOT NULL,               -- hash of the article ids and the analysis version
        json TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 2: manual story edits (kept across re-runs) and HTTP validators for conditional GET
    """
    CREATE TABLE story_edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        op TEXT NOT NULL,                -- merge | split
        args TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE http_cache (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        fetched_at TEXT NOT NULL
    );
    """,
)
