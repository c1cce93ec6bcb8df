CREATE TABLE `manufacturing_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`order_id` text NOT NULL,
	`quote_item_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`quantity` integer NOT NULL,
	`routing` text NOT NULL,
	`operations` text NOT NULL,
	`bom` text,
	`qc_checklist` text,
	`due_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mo_tenant_order_item` ON `manufacturing_orders` (`tenant_id`,`order_id`,`quote_item_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `mo_tenant_number` ON `manufacturing_orders` (`tenant_id`,`number`);--> statement-breakpoint
CREATE INDEX `mo_tenant_status` ON `manufacturing_orders` (`tenant_id`,`status`,`due_at`);