-- DDL of the archive on PostgreSQL as Rasad made it before migrations
-- (create_all at commit af6cdfa; written by build_premigration.py).

CREATE TABLE crawl_runs (
	id SERIAL NOT NULL, 
	source VARCHAR(128) NOT NULL, 
	started_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	ended_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	pages INTEGER NOT NULL, 
	"new" INTEGER NOT NULL, 
	updated INTEGER NOT NULL, 
	unchanged INTEGER NOT NULL, 
	skipped INTEGER NOT NULL, 
	known INTEGER NOT NULL, 
	alerts INTEGER NOT NULL, 
	errors INTEGER NOT NULL, 
	error_kinds JSON NOT NULL, 
	CONSTRAINT pk_crawl_runs PRIMARY KEY (id)
);

CREATE INDEX ix_crawl_runs_source_started ON crawl_runs (source, started_at);

CREATE TABLE delivery_leases (
	outbox VARCHAR(32) NOT NULL, 
	delivery_id INTEGER NOT NULL, 
	holder VARCHAR(255) NOT NULL, 
	expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	CONSTRAINT pk_delivery_leases PRIMARY KEY (outbox, delivery_id)
);

CREATE TABLE fetch_state (
	url VARCHAR(600) NOT NULL, 
	etag TEXT, 
	last_modified TEXT, 
	checked_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	CONSTRAINT pk_fetch_state PRIMARY KEY (url)
);

CREATE TABLE furniture_lines (
	source VARCHAR(128) NOT NULL, 
	line_hash VARCHAR(32) NOT NULL, 
	pages INTEGER NOT NULL, 
	CONSTRAINT pk_furniture_lines PRIMARY KEY (source, line_hash)
);

CREATE TABLE health_events (
	id SERIAL NOT NULL, 
	key VARCHAR(64) NOT NULL, 
	source VARCHAR(128) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	reason TEXT NOT NULL, 
	url VARCHAR(2048) NOT NULL, 
	detected_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	resolved_at TIMESTAMP WITHOUT TIME ZONE, 
	CONSTRAINT pk_health_events PRIMARY KEY (id), 
	CONSTRAINT uq_health_events_key UNIQUE (key)
);

CREATE INDEX ix_health_events_source ON health_events (source, kind);

CREATE TABLE rasad_meta (
	key VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_rasad_meta PRIMARY KEY (key)
);

CREATE TABLE stories (
	id SERIAL NOT NULL, 
	first_article_id INTEGER, 
	first_source VARCHAR(128) NOT NULL, 
	first_seen_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	CONSTRAINT pk_stories PRIMARY KEY (id)
);

CREATE TABLE articles (
	id SERIAL NOT NULL, 
	url VARCHAR(2048) NOT NULL, 
	title TEXT NOT NULL, 
	body TEXT NOT NULL, 
	published_at TIMESTAMP WITHOUT TIME ZONE, 
	date_source VARCHAR(32), 
	author TEXT, 
	language VARCHAR(16) NOT NULL, 
	source VARCHAR(128) NOT NULL, 
	story_id INTEGER, 
	content_hash VARCHAR(64) NOT NULL, 
	first_seen_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	fetched_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	updated_at TIMESTAMP WITHOUT TIME ZONE, 
	CONSTRAINT pk_articles PRIMARY KEY (id), 
	CONSTRAINT uq_articles_url UNIQUE (url), 
	CONSTRAINT fk_articles_story_id_stories FOREIGN KEY(story_id) REFERENCES stories (id)
);

CREATE INDEX ix_articles_content_hash ON articles (content_hash);

CREATE INDEX ix_articles_published_at ON articles (published_at);

CREATE INDEX ix_articles_source ON articles (source);

CREATE INDEX ix_articles_story_id ON articles (story_id);

CREATE TABLE health_deliveries (
	id SERIAL NOT NULL, 
	event_id INTEGER NOT NULL, 
	channel VARCHAR(512) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	last_attempt_at TIMESTAMP WITHOUT TIME ZONE, 
	next_attempt_at TIMESTAMP WITHOUT TIME ZONE, 
	sent_at TIMESTAMP WITHOUT TIME ZONE, 
	CONSTRAINT pk_health_deliveries PRIMARY KEY (id), 
	CONSTRAINT uq_health_deliveries_event_channel UNIQUE (event_id, channel), 
	CONSTRAINT fk_health_deliveries_event_id_health_events FOREIGN KEY(event_id) REFERENCES health_events (id)
);

CREATE TABLE alerts (
	id SERIAL NOT NULL, 
	key VARCHAR(64) NOT NULL, 
	rule VARCHAR(128) NOT NULL, 
	article_id INTEGER NOT NULL, 
	story_id INTEGER NOT NULL, 
	matched JSON NOT NULL, 
	snippet TEXT NOT NULL, 
	created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	CONSTRAINT pk_alerts PRIMARY KEY (id), 
	CONSTRAINT uq_alerts_rule_story UNIQUE (rule, story_id), 
	CONSTRAINT uq_alerts_key UNIQUE (key), 
	CONSTRAINT fk_alerts_article_id_articles FOREIGN KEY(article_id) REFERENCES articles (id), 
	CONSTRAINT fk_alerts_story_id_stories FOREIGN KEY(story_id) REFERENCES stories (id)
);

CREATE INDEX ix_alerts_article_id ON alerts (article_id);

CREATE TABLE article_bands (
	article_id INTEGER NOT NULL, 
	band_key BIGINT NOT NULL, 
	CONSTRAINT fk_article_bands_article_id_articles FOREIGN KEY(article_id) REFERENCES articles (id)
);

CREATE INDEX ix_article_bands_article_id ON article_bands (article_id);

CREATE INDEX ix_article_bands_band_key ON article_bands (band_key);

CREATE TABLE article_urls (
	url_key VARCHAR(600) NOT NULL, 
	article_id INTEGER NOT NULL, 
	redirect BOOLEAN NOT NULL, 
	CONSTRAINT pk_article_urls PRIMARY KEY (url_key), 
	CONSTRAINT fk_article_urls_article_id_articles FOREIGN KEY(article_id) REFERENCES articles (id)
);

CREATE INDEX ix_article_urls_article_id ON article_urls (article_id);

CREATE TABLE article_versions (
	id SERIAL NOT NULL, 
	article_id INTEGER NOT NULL, 
	title TEXT NOT NULL, 
	body TEXT NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	published_at TIMESTAMP WITHOUT TIME ZONE, 
	fetched_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	replaced_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, 
	CONSTRAINT pk_article_versions PRIMARY KEY (id), 
	CONSTRAINT fk_article_versions_article_id_articles FOREIGN KEY(article_id) REFERENCES articles (id)
);

CREATE INDEX ix_article_versions_article_id ON article_versions (article_id);

CREATE TABLE deliveries (
	id SERIAL NOT NULL, 
	alert_id INTEGER NOT NULL, 
	channel VARCHAR(512) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error TEXT, 
	last_attempt_at TIMESTAMP WITHOUT TIME ZONE, 
	next_attempt_at TIMESTAMP WITHOUT TIME ZONE, 
	sent_at TIMESTAMP WITHOUT TIME ZONE, 
	CONSTRAINT pk_deliveries PRIMARY KEY (id), 
	CONSTRAINT uq_deliveries_alert_channel UNIQUE (alert_id, channel), 
	CONSTRAINT fk_deliveries_alert_id_alerts FOREIGN KEY(alert_id) REFERENCES alerts (id)
);

CREATE INDEX ix_deliveries_status ON deliveries (status);
