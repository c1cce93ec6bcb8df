CREATE TABLE `idempotency_keys` (
	`tenant_id` text NOT NULL,
	`key` text NOT NULL,
	`route` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer,
	`response` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `route`, `key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_tenant_created` ON `idempotency_keys` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `price_books` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer,
	`published_by` text,
	`note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `price_books_tenant_version` ON `price_books` (`tenant_id`,`version`);--> statement-breakpoint
CREATE INDEX `price_books_tenant_valid` ON `price_books` (`tenant_id`,`valid_to`);--> statement-breakpoint
CREATE TABLE `quote_items` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`position` integer NOT NULL,
	`model_id` text,
	`options` text NOT NULL,
	`price` text,
	`preview_total` integer,
	`price_differs` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`error` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `quote_items_tenant_quote` ON `quote_items` (`tenant_id`,`quote_id`,`position`);--> statement-breakpoint
CREATE TABLE `quote_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`quote_id` text NOT NULL,
	`revision` integer NOT NULL,
	`snapshot` text NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quote_revisions_tenant_quote_rev` ON `quote_revisions` (`tenant_id`,`quote_id`,`revision`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`customer_id` text,
	`owner_user_id` text,
	`guest_session_hash` text,
	`contact_email` text,
	`title` text,
	`notes` text,
	`price_book_version` integer NOT NULL,
	`currency` text NOT NULL,
	`totals` text,
	`review_required` integer DEFAULT false NOT NULL,
	`review_reasons` text,
	`valid_until` integer,
	`sent_at` integer,
	`decided_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_tenant_number` ON `quotes` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `quotes_tenant_created` ON `quotes` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `quotes_tenant_customer` ON `quotes` (`tenant_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `quotes_tenant_owner` ON `quotes` (`tenant_id`,`owner_user_id`);--> statement-breakpoint
CREATE INDEX `quotes_tenant_guest` ON `quotes` (`tenant_id`,`guest_session_hash`);--> statement-breakpoint
CREATE TABLE `sequences` (
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `name`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
