-- Quick query (GET /api/orgs/:org/search) and the `q` filters of the member and invitation lists: one FTS5 index
-- over the people of every organization: members, personal invitations and applications.
--
-- `search_docs` names what each index entry is about (its integer id is the FTS rowid, so an entry is found and
-- replaced by an indexed lookup); `search_fts` is a contentless FTS5 table (no copy of the text is kept) with
-- prefix indexes, so "iv", "Иван", "张" and "alice@ex" are index lookups, never a scan of the base tables.
-- Triggers keep it in step with every write, whoever makes it, in the same transaction as the write.
CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY,
	`kind` text NOT NULL,
	`org_id` text NOT NULL,
	`ref` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_ref_uq` ON `search_docs` (`kind`, `ref`, `org_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(body, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, prefix = '1 2 3');
--> statement-breakpoint
CREATE TRIGGER `memberships_search_ai` AFTER INSERT ON `memberships` BEGIN
	INSERT OR IGNORE INTO search_docs (kind, org_id, ref) VALUES ('member', new.org_id, new.user_id);
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.user_id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', new.search_text, new.first_name, new.last_name, u.name, u.email, u.phone)
		FROM search_docs d LEFT JOIN users u ON u.id = new.user_id
		WHERE d.kind = 'member' AND d.ref = new.user_id AND d.org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `memberships_search_au` AFTER UPDATE OF search_text, first_name, last_name ON `memberships` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.user_id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', new.search_text, new.first_name, new.last_name, u.name, u.email, u.phone)
		FROM search_docs d LEFT JOIN users u ON u.id = new.user_id
		WHERE d.kind = 'member' AND d.ref = new.user_id AND d.org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `memberships_search_ad` AFTER DELETE ON `memberships` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND ref = old.user_id AND org_id = old.org_id);
	DELETE FROM search_docs WHERE kind = 'member' AND ref = old.user_id AND org_id = old.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_au` AFTER UPDATE OF name, email, phone ON `users` BEGIN
	DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', m.search_text, m.first_name, m.last_name, new.name, new.email, new.phone)
		FROM search_docs d JOIN memberships m ON m.org_id = d.org_id AND m.user_id = d.ref
		WHERE d.kind = 'member' AND d.ref = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_search_ai` AFTER INSERT ON `invitations` BEGIN
	INSERT OR IGNORE INTO search_docs (kind, org_id, ref) VALUES ('invitation', new.org_id, new.id);
	INSERT INTO search_fts (rowid, body)
		SELECT id, concat_ws(' ', new.search_text, new.email, new.phone, json_extract(new.profile, '$.firstName'), json_extract(new.profile, '$.lastName'))
		FROM search_docs WHERE kind = 'invitation' AND ref = new.id AND org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_search_au` AFTER UPDATE OF search_text, email, phone, profile ON `invitations` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'invitation' AND ref = new.id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT id, concat_ws(' ', new.search_text, new.email, new.phone, json_extract(new.profile, '$.firstName'), json_extract(new.profile, '$.lastName'))
		FROM search_docs WHERE kind = 'invitation' AND ref = new.id AND org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `invitations_search_ad` AFTER DELETE ON `invitations` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'invitation' AND ref = old.id AND org_id = old.org_id);
	DELETE FROM search_docs WHERE kind = 'invitation' AND ref = old.id AND org_id = old.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_search_ai` AFTER INSERT ON `applications` BEGIN
	INSERT OR IGNORE INTO search_docs (kind, org_id, ref) VALUES ('application', new.org_id, new.id);
	INSERT INTO search_fts (rowid, body)
		SELECT id, concat_ws(' ', new.search_text, new.name, new.email)
		FROM search_docs WHERE kind = 'application' AND ref = new.id AND org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_search_au` AFTER UPDATE OF search_text, name, email ON `applications` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'application' AND ref = new.id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT id, concat_ws(' ', new.search_text, new.name, new.email)
		FROM search_docs WHERE kind = 'application' AND ref = new.id AND org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `applications_search_ad` AFTER DELETE ON `applications` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'application' AND ref = old.id AND org_id = old.org_id);
	DELETE FROM search_docs WHERE kind = 'application' AND ref = old.id AND org_id = old.org_id;
END;
