CREATE TABLE `webhook_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_received_idx` ON `webhook_receipts` (`received_at`);--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_reason` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_reason` text;--> statement-breakpoint
CREATE INDEX `outbox_provider_id_idx` ON `outbox` (`provider_message_id`);