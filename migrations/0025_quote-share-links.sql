CREATE TABLE `guest_session_links` (
	`tenant_id` text NOT NULL,
	`session_hash` text NOT NULL,
	`owner_hash` text NOT NULL,
	`quote_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`tenant_id`, `session_hash`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `guest_session_links_tenant_quote` ON `guest_session_links` (`tenant_id`,`quote_id`);--> statement-breakpoint
ALTER TABLE `quotes` ADD `share_version` integer DEFAULT 1 NOT NULL;