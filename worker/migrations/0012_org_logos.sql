CREATE TABLE `org_logos` (
	`org_id` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`etag` text NOT NULL,
	`bytes` blob NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `organizations` ADD `logo_etag` text;