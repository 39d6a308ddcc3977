-- One member per phone among the people of an organization who have no e-mail address. For them the phone is
-- what "the same person" means (import, adding by hand, sign-in by phone), but it is no unique key: `users.phone`
-- repeats across organizations (each organization that adds a phone-only person makes its own account), and
-- people with an e-mail address may share a phone. No index can say "unique per organization among the users
-- whose e-mail is null", because the organization is in `memberships` and the phone and e-mail in `users`, so
-- these triggers refuse every write that would give one organization two memberships whose users both have
-- email IS NULL and the same phone: a new membership, a membership moved to another organization or user, and a
-- phone-only user's new phone (or an address removed, which the app never does). Their error reads like SQLite's
-- own ("UNIQUE constraint failed: phone_only_member …"), so `isUniqueViolation` (db/client.ts) treats it as the
-- conflict it is, on a local file and over Hrana alike.
--
-- They do work only for a user without an e-mail address, through indexed lookups: the user by its primary key,
-- the others with that phone by `users_phone_idx`, their memberships of the organization by the primary key
-- (org_id, user_id), a user's memberships by `memberships_user_idx`. The unary `+` in `+other.email IS NULL`
-- keeps the planner off `users_email_unique`, whose NULL entries are every phone-only account there is. A user
-- row is always written before its memberships (the foreign key), so inserting a user needs no check. An upsert
-- of a membership the user already has passes (`other.id <> me.id`). Duplicates written before this migration
-- are left as they are: the triggers stop new ones only.
CREATE TRIGGER `memberships_phone_only_bi` BEFORE INSERT ON `memberships`
WHEN EXISTS (SELECT 1 FROM users WHERE id = new.user_id AND email IS NULL AND phone IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'UNIQUE constraint failed: phone_only_member (memberships.org_id, users.phone WHERE users.email IS NULL)')
	WHERE EXISTS (
		SELECT 1 FROM users me
		JOIN users other ON other.phone = me.phone AND +other.email IS NULL AND other.id <> me.id
		JOIN memberships m ON m.org_id = new.org_id AND m.user_id = other.id
		WHERE me.id = new.user_id
	);
END;
--> statement-breakpoint
CREATE TRIGGER `memberships_phone_only_bu` BEFORE UPDATE OF org_id, user_id ON `memberships`
WHEN (new.org_id IS NOT old.org_id OR new.user_id IS NOT old.user_id)
	AND EXISTS (SELECT 1 FROM users WHERE id = new.user_id AND email IS NULL AND phone IS NOT NULL)
BEGIN
	SELECT RAISE(ABORT, 'UNIQUE constraint failed: phone_only_member (memberships.org_id, users.phone WHERE users.email IS NULL)')
	WHERE EXISTS (
		SELECT 1 FROM users me
		JOIN users other ON other.phone = me.phone AND +other.email IS NULL AND other.id <> me.id
		JOIN memberships m ON m.org_id = new.org_id AND m.user_id = other.id AND NOT (m.org_id = old.org_id AND m.user_id = old.user_id)
		WHERE me.id = new.user_id
	);
END;
--> statement-breakpoint
CREATE TRIGGER `users_phone_only_bu` BEFORE UPDATE OF phone, email ON `users`
WHEN new.email IS NULL AND new.phone IS NOT NULL AND (old.email IS NOT NULL OR old.phone IS NOT new.phone)
BEGIN
	SELECT RAISE(ABORT, 'UNIQUE constraint failed: phone_only_member (memberships.org_id, users.phone WHERE users.email IS NULL)')
	WHERE EXISTS (
		SELECT 1 FROM memberships mine
		JOIN users other ON other.phone = new.phone AND +other.email IS NULL AND other.id <> new.id
		JOIN memberships theirs ON theirs.org_id = mine.org_id AND theirs.user_id = other.id
		WHERE mine.user_id = new.id
	);
END;
