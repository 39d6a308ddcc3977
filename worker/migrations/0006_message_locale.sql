ALTER TABLE `applications` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `invitations` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `locale` text;