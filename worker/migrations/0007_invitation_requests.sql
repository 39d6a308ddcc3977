CREATE TABLE `invitation_reminders` (
	`invitation_id` text PRIMARY KEY NOT NULL,
	`run` text NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invitation_reminders_run_idx` ON `invitation_reminders` (`run`);--> statement-breakpoint
CREATE TABLE `renewals` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kind` text NOT NULL,
	`invitation_id` text,
	`link_id` text,
	`owner_id` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`email` text,
	`phone` text,
	`role` text NOT NULL,
	`department_id` text,
	`locale` text,
	`status` text NOT NULL,
	`run` text,
	`decided_by` text,
	`decided_at` integer,
	`new_invitation_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`link_id`) REFERENCES `invite_links`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `renewals_run_idx` ON `renewals` (`run`);--> statement-breakpoint
CREATE INDEX `renewals_org_status_created_idx` ON `renewals` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `renewals_org_owner_status_created_idx` ON `renewals` (`org_id`,`owner_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `renewals_expired_invitation_uq` ON `renewals` (`invitation_id`) WHERE kind = 'expired';--> statement-breakpoint
CREATE UNIQUE INDEX `renewals_asked_pending_uq` ON `renewals` (`org_id`,`email`) WHERE kind = 'asked' AND status = 'pending';