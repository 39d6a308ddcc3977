CREATE TABLE `verification_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`for_kind` text NOT NULL,
	`for_id` text NOT NULL,
	`org_id` text,
	`sent_to` text NOT NULL,
	`channel` text NOT NULL,
	`token_nonce` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `verification_codes_for_idx` ON `verification_codes` (`for_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `verification_codes_expires_idx` ON `verification_codes` (`expires_at`);--> statement-breakpoint
ALTER TABLE `action_tokens` ADD `sent_to` text;--> statement-breakpoint
ALTER TABLE `action_tokens` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `last_active_at` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `messages_per_hour` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `messages_per_day` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `by_public` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_org_created_idx` ON `outbox` (`org_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `phone_verified_at` integer;--> statement-breakpoint
-- Addresses proven before this migration (docs/SECURITY.md): an account with a password got it through a link or
-- an initial password sent to its address, except one that accepted a copied invitation link (`channel = 'link'`),
-- which proved nothing; those stay unproven and prove their address the next time it matters.
UPDATE `users` SET `email_verified_at` = coalesce(`registered_at`, `created_at`)
WHERE `email` IS NOT NULL AND `password_hash` IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM `invitations` i WHERE i.`accepted_by` = `users`.`id` AND i.`channel` = 'link');
--> statement-breakpoint
UPDATE `users` SET `phone_verified_at` = coalesce(`registered_at`, `created_at`)
WHERE `email` IS NULL AND `phone` IS NOT NULL AND `password_hash` IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM `invitations` i WHERE i.`accepted_by` = `users`.`id` AND i.`channel` = 'link');
--> statement-breakpoint
-- What each organization knew as the person's phone until now, as its own copy.
UPDATE `memberships` SET `phone` = (SELECT `phone` FROM `users` WHERE `users`.`id` = `memberships`.`user_id`);
--> statement-breakpoint
-- Activity is per organization from now on; people in one organization only keep what it saw.
UPDATE `memberships` SET `last_active_at` = (SELECT `last_active_at` FROM `users` WHERE `users`.`id` = `memberships`.`user_id`)
WHERE `status` = 'active' AND (SELECT count(*) FROM `memberships` m WHERE m.`user_id` = `memberships`.`user_id`) = 1;
--> statement-breakpoint
-- Where each open single-use link went: the member invitation's recipient, or the approved application's address.
UPDATE `action_tokens` SET `sent_to` = (SELECT o.`recipient` FROM `outbox` o WHERE o.`ref_id` = `action_tokens`.`id` ORDER BY o.`created_at` DESC LIMIT 1)
WHERE `used_at` IS NULL;
--> statement-breakpoint
UPDATE `action_tokens` SET `sent_to` = (SELECT a.`email` FROM `applications` a WHERE a.`id` = substr(`action_tokens`.`id`, 1, length(`action_tokens`.`id`) - 2))
WHERE `used_at` IS NULL AND `sent_to` IS NULL AND `id` LIKE '%-t';
--> statement-breakpoint
-- The search index of members reads what the organization itself knows of the person: its own phone, never the
-- account's (another organization may have set it), and the names it gave them; the account's own name only when it
-- gave none (the name it then shows, domain/members.ts memberNameSql), so no organization finds a person by a name
-- they gave elsewhere.
DROP TRIGGER `memberships_search_ai`;
--> statement-breakpoint
DROP TRIGGER `memberships_search_au`;
--> statement-breakpoint
DROP TRIGGER `users_search_au`;
--> statement-breakpoint
CREATE TRIGGER `memberships_search_ai` AFTER INSERT ON `memberships` BEGIN
	INSERT OR IGNORE INTO search_docs (kind, org_id, ref) VALUES ('member', new.org_id, new.user_id);
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.user_id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', new.search_text, new.first_name, new.last_name, CASE WHEN coalesce(new.first_name, '') = '' AND coalesce(new.last_name, '') = '' THEN u.name END, u.email, new.phone)
		FROM search_docs d LEFT JOIN users u ON u.id = new.user_id
		WHERE d.kind = 'member' AND d.ref = new.user_id AND d.org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `memberships_search_au` AFTER UPDATE OF search_text, first_name, last_name, phone ON `memberships` BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.user_id AND org_id = new.org_id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', new.search_text, new.first_name, new.last_name, CASE WHEN coalesce(new.first_name, '') = '' AND coalesce(new.last_name, '') = '' THEN u.name END, u.email, new.phone)
		FROM search_docs d LEFT JOIN users u ON u.id = new.user_id
		WHERE d.kind = 'member' AND d.ref = new.user_id AND d.org_id = new.org_id;
END;
--> statement-breakpoint
CREATE TRIGGER `users_search_au` AFTER UPDATE OF name, email ON `users` BEGIN
	DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = 'member' AND ref = new.id);
	INSERT INTO search_fts (rowid, body)
		SELECT d.id, concat_ws(' ', m.search_text, m.first_name, m.last_name, CASE WHEN coalesce(m.first_name, '') = '' AND coalesce(m.last_name, '') = '' THEN new.name END, new.email, m.phone)
		FROM search_docs d JOIN memberships m ON m.org_id = d.org_id AND m.user_id = d.ref
		WHERE d.kind = 'member' AND d.ref = new.id;
END;
--> statement-breakpoint
-- Every member's entry again, by those rules (entries written before held the account's phone and name).
DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = 'member');
--> statement-breakpoint
INSERT INTO search_fts (rowid, body)
	SELECT d.id, concat_ws(' ', m.search_text, m.first_name, m.last_name, CASE WHEN coalesce(m.first_name, '') = '' AND coalesce(m.last_name, '') = '' THEN u.name END, u.email, m.phone)
	FROM search_docs d JOIN memberships m ON m.org_id = d.org_id AND m.user_id = d.ref JOIN users u ON u.id = m.user_id
	WHERE d.kind = 'member';
