CREATE TABLE `password_tokens` (
	`tenant_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `token_hash`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_tokens_tenant_user` ON `password_tokens` (`tenant_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `cutting_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`order_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cutting_lists_tenant_order` ON `cutting_lists` (`tenant_id`,`order_id`);--> statement-breakpoint
CREATE TABLE `specifications` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`source` text NOT NULL,
	`request_id` text NOT NULL,
	`quote_id` text,
	`r2_key` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `specifications_tenant_request` ON `specifications` (`tenant_id`,`source`,`request_id`);--> statement-breakpoint
ALTER TABLE `quotes` ADD `technical_data_revision` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `cutting_list_state` text;--> statement-breakpoint
CREATE INDEX `orders_tenant_cutting_pending` ON `orders` (`tenant_id`,`updated_at`) WHERE cutting_list_state = 'pending';--> statement-breakpoint
ALTER TABLE `partner_records` ADD `customer_id` text;