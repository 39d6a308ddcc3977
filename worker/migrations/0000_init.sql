CREATE TABLE `action_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text,
	`token_nonce` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `action_tokens_user_idx` ON `action_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `action_tokens_expires_idx` ON `action_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `applications` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`link_id` text NOT NULL,
	`inviter_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`status` text NOT NULL,
	`reviewer_id` text,
	`reviewed_at` integer,
	`reason` text,
	`user_id` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `invite_links`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inviter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `applications_org_created_idx` ON `applications` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `applications_org_status_created_idx` ON `applications` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `applications_org_inviter_created_idx` ON `applications` (`org_id`,`inviter_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `applications_link_created_idx` ON `applications` (`link_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_pending_email_uq` ON `applications` (`org_id`,`email`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`actor_id` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_org_created_idx` ON `audit_events` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_org_name_uq` ON `departments` (`org_id`,`name`);--> statement-breakpoint
CREATE TABLE `invitation_workspaces` (
	`invitation_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`invitation_id`, `workspace_id`),
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `invitation_workspaces_workspace_idx` ON `invitation_workspaces` (`workspace_id`,`role`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`email` text,
	`phone` text,
	`channel` text NOT NULL,
	`role` text NOT NULL,
	`department_id` text,
	`user_id` text,
	`profile` text,
	`status` text NOT NULL,
	`token_nonce` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`resend_count` integer DEFAULT 0 NOT NULL,
	`accepted_at` integer,
	`accepted_by` text,
	`canceled_at` integer,
	`canceled_by` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `invitations_org_created_idx` ON `invitations` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_org_status_created_idx` ON `invitations` (`org_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_org_creator_status_created_idx` ON `invitations` (`org_id`,`created_by`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invitations_status_expires_idx` ON `invitations` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `invitations_user_idx` ON `invitations` (`org_id`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_pending_email_uq` ON `invitations` (`org_id`,`email`) WHERE status = 'pending' AND email IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_pending_phone_uq` ON `invitations` (`org_id`,`phone`) WHERE status = 'pending' AND email IS NULL AND phone IS NOT NULL;--> statement-breakpoint
CREATE TABLE `invite_links` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`created_by` text NOT NULL,
	`token_nonce` text NOT NULL,
	`department_id` text,
	`role` text NOT NULL,
	`requires_approval` integer NOT NULL,
	`max_uses` integer,
	`use_count` integer DEFAULT 0 NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invite_links_org_created_idx` ON `invite_links` (`org_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `invite_links_org_creator_created_idx` ON `invite_links` (`org_id`,`created_by`,`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`status` text NOT NULL,
	`first_name` text,
	`last_name` text,
	`gender` text,
	`birthday` text,
	`position` text,
	`department_id` text,
	`invitation_state` text DEFAULT 'not_invited' NOT NULL,
	`invitation_error` text,
	`source` text NOT NULL,
	`link_id` text,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`activated_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `user_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `memberships_user_idx` ON `memberships` (`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_org_created_idx` ON `memberships` (`org_id`,`created_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_org_status_created_idx` ON `memberships` (`org_id`,`status`,`created_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_org_invstate_created_idx` ON `memberships` (`org_id`,`invitation_state`,`created_at`,`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_link_idx` ON `memberships` (`link_id`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`settings` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organizations_slug_unique` ON `organizations` (`slug`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`ref_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`batch_key` text,
	`last_error` text,
	`provider_message_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_ref_idx` ON `outbox` (`ref_id`);--> statement-breakpoint
CREATE INDEX `outbox_batch_idx` ON `outbox` (`batch_key`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`reset_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text,
	`phone` text,
	`name` text NOT NULL,
	`password_hash` text,
	`must_change_password` integer DEFAULT false NOT NULL,
	`password_expires_at` integer,
	`created_at` integer NOT NULL,
	`registered_at` integer,
	`last_active_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_phone_idx` ON `users` (`phone`);--> statement-breakpoint
CREATE TABLE `workspace_members` (
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `user_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workspace_members_org_user_idx` ON `workspace_members` (`org_id`,`user_id`,`role`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_org_name_uq` ON `workspaces` (`org_id`,`name`);