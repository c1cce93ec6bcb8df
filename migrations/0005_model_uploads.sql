CREATE TABLE `model_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`r2_upload_id` text NOT NULL,
	`filename` text NOT NULL,
	`units` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`part_size` integer NOT NULL,
	`parts` text NOT NULL,
	`owner_user_id` text,
	`customer_id` text,
	`guest_session_hash` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `model_uploads_tenant_created` ON `model_uploads` (`tenant_id`,`created_at`);