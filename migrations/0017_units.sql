CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`serial` text NOT NULL,
	`manufacturing_order_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_tenant_serial` ON `units` (`tenant_id`,`serial`);--> statement-breakpoint
CREATE UNIQUE INDEX `units_tenant_mo` ON `units` (`tenant_id`,`manufacturing_order_id`,`sequence`);