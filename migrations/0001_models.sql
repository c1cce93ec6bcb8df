CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`owner_user_id` text,
	`customer_id` text,
	`guest_session_hash` text,
	`filename` text NOT NULL,
	`kind` text NOT NULL,
	`units` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`status` text NOT NULL,
	`analysis` text,
	`error_code` text,
	`error_message` text,
	`analyzed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `models_tenant_created` ON `models` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `models_tenant_owner` ON `models` (`tenant_id`,`owner_user_id`);--> statement-breakpoint
CREATE INDEX `models_tenant_customer` ON `models` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `models_tenant_guest` ON `models` (`tenant_id`,`guest_session_hash`);--> statement-breakpoint
CREATE INDEX `models_tenant_sha` ON `models` (`tenant_id`,`sha256`);