CREATE TABLE `webhook_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_receipts_received_idx` ON `webhook_receipts` (`received_at`);--> statement-breakpoint
DROP INDEX `outbox_ref_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_at` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_reason` text;--> statement-breakpoint
CREATE INDEX `outbox_provider_id_idx` ON `outbox` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `outbox_org_delivery_problem_idx` ON `outbox` (`org_id`,`ref_id`) WHERE delivery_status IN ('bounced', 'complained', 'failed');--> statement-breakpoint
CREATE INDEX `outbox_ref_idx` ON `outbox` (`ref_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `delivery_reason` text;