"""The SQLite schema of ``out/cchc.sqlite``: tables, indexes, full-text search, views.

``DB_SCHEMA_VERSION`` is the version of this schema; the ``meta`` table also records the plan schema
(model.SCHEMA_VERSION) the rows were read with. A database of another version of either is rebuilt.
"""

from __future__ import annotations

from cchc_parse.store.status import DUE_SOON, OVERDUE, sql_status

DB_NAME = "cchc.sqlite"
DB_SCHEMA_VERSION = "1.1"  # 1.1: plan_grams

# today in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) when settings.as_of is NULL
AS_OF_SQL = "(SELECT COALESCE(as_of, date('now', '+7 hours')) FROM settings WHERE id = 1)"

TABLES = """
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  as_of TEXT,                -- YYYY-MM-DD; NULL: today in Asia/Ho_Chi_Minh, at query time
  window_days INTEGER NOT NULL
);
CREATE TABLE areas (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  ord INTEGER NOT NULL
);
CREATE TABLE plans (
  plan_id TEXT PRIMARY KEY,  -- the input's path relative to the input folder, as in index.json
  source TEXT,               -- the input path as given to `cchc parse`
  output TEXT,               -- the output file, relative to the output folder (NULL when failed)
  status TEXT NOT NULL CHECK (status IN ('ok', 'warning', 'failed')),
  reason TEXT,
  error TEXT,
  format TEXT,
  sha256 TEXT,               -- of the input file
  size INTEGER,
  signature TEXT NOT NULL,   -- of the manifest entry and the output's bytes: unchanged → not re-read
  schema_version TEXT,
  doc_type TEXT,
  doc_type_name TEXT,
  genre TEXT,
  number TEXT,
  symbol TEXT,
  number_raw TEXT,
  issuer TEXT,
  parent_agency TEXT,
  place TEXT,
  date TEXT,                 -- YYYY-MM-DD when day, month and year are known
  date_year INTEGER,
  date_month INTEGER,
  date_day INTEGER,
  title TEXT,
  draft INTEGER,
  province TEXT,
  province_after_merger TEXT,
  year INTEGER,
  signer_title TEXT,
  signer_name TEXT,
  n_sections INTEGER,
  n_tasks INTEGER,
  n_inline_tasks INTEGER,
  n_legal_bases INTEGER,
  n_references INTEGER,
  n_targets INTEGER,
  n_errors INTEGER,
  n_warnings INTEGER,
  n_infos INTEGER,
  duplicate_of TEXT REFERENCES plans(plan_id) ON DELETE SET NULL,
  duplicate_by TEXT CHECK (duplicate_by IN ('metadata', 'content'))
);
CREATE TABLE tasks (
  task_pk INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,      -- order in the plan: tasks, then inline_tasks, then the attachments' tasks
  task_id TEXT NOT NULL,     -- 'id' in the plan: '1.4.b'
  parent TEXT,
  label TEXT,
  is_group INTEGER NOT NULL,
  origin TEXT NOT NULL,      -- table | inline
  attachment INTEGER,        -- index in the plan's attachments, NULL for the plan's own tasks
  content TEXT NOT NULL,
  lead TEXT,                 -- the lead units as written, joined by '; '
  support TEXT,
  lead_units TEXT,           -- JSON array: each lead unit's table name, else canonical, else raw name
  outputs TEXT,
  note TEXT,
  section TEXT,
  area TEXT REFERENCES areas(code),
  deadline_raw TEXT,
  deadline_kind TEXT,
  deadline_start TEXT,
  deadline_end TEXT,
  deadline_due TEXT,
  done_by TEXT,              -- deadline_due, else deadline_end (YYYY-MM-DD)
  deadline_year INTEGER,     -- of done_by
  deadline_quarter TEXT,     -- of done_by: '2023-Q2'
  deadline_month TEXT,       -- of done_by: '2023-06'
  deadline_period TEXT,
  recurrence TEXT,
  deadline TEXT,             -- the whole Deadline as JSON
  line INTEGER,
  page INTEGER,
  UNIQUE (plan_id, seq)
);
CREATE TABLE task_units (
  task_pk INTEGER NOT NULL REFERENCES tasks(task_pk),
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
  position INTEGER NOT NULL,
  raw TEXT NOT NULL,         -- as written: 'SNV'
  canonical TEXT,            -- Task.lead_canonical / support_canonical: 'Sở Nội vụ tỉnh Bình Dương'
  unit TEXT,                 -- the unit table's name, without the place: 'Sở Nội vụ'
  PRIMARY KEY (task_pk, role, position)
);
CREATE TABLE sections (
  section_pk INTEGER PRIMARY KEY,
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  section_id TEXT NOT NULL,
  parent_id TEXT,
  depth INTEGER NOT NULL,
  label TEXT,
  kind TEXT,
  title TEXT,
  text TEXT,
  area TEXT REFERENCES areas(code),
  attachment INTEGER,
  line INTEGER,
  page INTEGER,
  UNIQUE (plan_id, seq)
);
CREATE TABLE refs (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('legal_basis', 'reference')),
  doc_type TEXT,
  number TEXT NOT NULL,
  date TEXT,
  issuing_body TEXT,
  title TEXT,
  n_cited INTEGER,
  attachment INTEGER,
  PRIMARY KEY (plan_id, seq)
);
CREATE TABLE targets (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  value REAL NOT NULL,
  unit TEXT,
  comparator TEXT,
  year INTEGER,
  year_source TEXT,
  text TEXT,
  section TEXT,
  task_id TEXT,
  PRIMARY KEY (plan_id, seq)
);
CREATE TABLE diagnostics (
  plan_id TEXT NOT NULL REFERENCES plans(plan_id),
  seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  severity TEXT NOT NULL,
  name TEXT,
  message TEXT,
  line INTEGER,
  page INTEGER,
  path TEXT,
  params TEXT,               -- JSON
  PRIMARY KEY (plan_id, seq)
);
CREATE TABLE plan_grams (
  plan_id TEXT PRIMARY KEY REFERENCES plans(plan_id),
  grams BLOB NOT NULL        -- the content's word 4-grams (store/duplicates.py), CRC-32 each, sorted uint32 LE
);
CREATE INDEX plans_province ON plans(province);
CREATE INDEX plans_issuer ON plans(issuer);
CREATE INDEX plans_duplicate_of ON plans(duplicate_of);
CREATE INDEX tasks_plan ON tasks(plan_id);
CREATE INDEX tasks_done_by ON tasks(done_by);
CREATE INDEX tasks_area ON tasks(area);
CREATE INDEX task_units_unit ON task_units(unit, role);
CREATE INDEX task_units_canonical ON task_units(canonical);
CREATE INDEX task_units_plan ON task_units(plan_id);
CREATE INDEX refs_number ON refs(number);
CREATE INDEX diagnostics_code ON diagnostics(code);
"""

# Full-text search: external-content FTS5 tables kept in step by triggers. remove_diacritics 2 lets
# 'cai cach' find 'cải cách' (and 'cải cách' find 'cai cach').
FTS_TABLES = """
CREATE VIRTUAL TABLE tasks_fts USING fts5(content, outputs, note, content='tasks', content_rowid='task_pk',
  tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE sections_fts USING fts5(title, text, content='sections', content_rowid='section_pk',
  tokenize='unicode61 remove_diacritics 2');
"""
FTS_TRIGGERS = """
CREATE TRIGGER tasks_ai AFTER INSERT ON tasks BEGIN
  INSERT INTO tasks_fts(rowid, content, outputs, note)
  VALUES (new.task_pk, new.content, new.outputs, new.note);
END;
CREATE TRIGGER tasks_ad AFTER DELETE ON tasks BEGIN
  INSERT INTO tasks_fts(tasks_fts, rowid, content, outputs, note)
  VALUES ('delete', old.task_pk, old.content, old.outputs, old.note);
END;
CREATE TRIGGER sections_ai AFTER INSERT ON sections BEGIN
  INSERT INTO sections_fts(rowid, title, text) VALUES (new.section_pk, new.title, new.text);
END;
CREATE TRIGGER sections_ad AFTER DELETE ON sections BEGIN
  INSERT INTO sections_fts(sections_fts, rowid, title, text)
  VALUES ('delete', old.section_pk, old.title, old.text);
END;
"""
# A new database is filled without the triggers and its indexes built in one pass at the end
# (FTS_REBUILD: about half the time of indexing row by row); the triggers then keep them in step.
FTS_REBUILD = """
INSERT INTO tasks_fts(tasks_fts) VALUES ('rebuild');
INSERT INTO sections_fts(sections_fts) VALUES ('rebuild');
"""

VIEWS = f"""
CREATE VIEW distinct_plans AS
  SELECT * FROM plans WHERE duplicate_of IS NULL;
CREATE VIEW task_status AS
  WITH s AS (SELECT {AS_OF_SQL} AS as_of)
  SELECT t.task_pk, t.plan_id, t.task_id, t.content, t.lead, t.support, t.lead_units, t.area,
         a.label AS area_label, t.deadline_raw, t.deadline_kind, t.deadline_start, t.done_by,
         t.deadline_year, t.deadline_quarter, t.deadline_month,
         p.province, p.issuer, p.year AS plan_year, p.title AS plan_title, s.as_of,
         {sql_status("s.as_of", "t")} AS status
  FROM tasks t JOIN plans p ON p.plan_id = t.plan_id LEFT JOIN areas a ON a.code = t.area CROSS JOIN s
  WHERE p.duplicate_of IS NULL AND t.is_group = 0;
CREATE VIEW overdue_tasks AS SELECT * FROM task_status WHERE status = '{OVERDUE}';
CREATE VIEW due_soon_tasks AS SELECT * FROM task_status WHERE status = '{DUE_SOON}';
CREATE VIEW unit_tasks AS
  SELECT u.unit, u.canonical, u.raw, u.role, s.*
  FROM task_units u JOIN task_status s ON s.task_pk = u.task_pk;
CREATE VIEW status_counts AS
  SELECT status, COUNT(*) AS tasks FROM task_status GROUP BY status;
CREATE VIEW plan_counts AS
  SELECT status, COUNT(*) AS plans, SUM(n_tasks) AS tasks, SUM(n_inline_tasks) AS inline_tasks
  FROM distinct_plans GROUP BY status;
"""

DDL = TABLES + FTS_TABLES + FTS_TRIGGERS + VIEWS  # the schema of a database in use
